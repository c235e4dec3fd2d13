import { z } from "zod";

export const groupNameSchema = z
  .string()
  .trim()
  .min(1, "Group name is required")
  .max(255)
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "Group name cannot contain control characters");

export const groupInputSchema = z.object({
  /** possibly domain-qualified: "MYSQL/engineering" */
  displayName: groupNameSchema,
  externalId: z.string().max(255).nullish(),
  memberIds: z.array(z.string().min(1)).max(10_000).default([]),
});
export type GroupInput = z.input<typeof groupInputSchema>;
