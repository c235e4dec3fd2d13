import { z } from "zod";

const customScalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * The console's user form, shared by the React form and its endpoint. The console edits the common subset of
 * a user; SCIM reaches every attribute.
 */
export const userFormSchema = z.object({
  domain: z.string().min(1),
  userName: z
    .string()
    .trim()
    .min(1, "User name is required")
    .max(255, "At most 255 characters")
    .refine((v) => !v.includes("/"), "Choose the user store in the list instead of typing a domain"),
  givenName: z.string().trim().max(255).optional().default(""),
  familyName: z.string().trim().max(255).optional().default(""),
  displayName: z.string().trim().max(255).optional().default(""),
  email: z
    .union([z.literal(""), z.string().trim().email("Enter a valid email address")])
    .optional()
    .default(""),
  phone: z
    .union([
      z.literal(""),
      z
        .string()
        .trim()
        .regex(/^\+?[0-9 ().-]{3,32}$/, "Enter a valid phone number"),
    ])
    .optional()
    .default(""),
  active: z.boolean().default(true),
  password: z
    .union([z.literal(""), z.string().min(6, "Password must have at least 6 characters").max(256)])
    .optional()
    .default(""),
  version: z.number().int().optional(),
  /** custom attributes by name, typed as their definitions say; null removes a value; left out keeps them all */
  custom: z.record(z.string(), z.union([customScalar, z.array(customScalar), z.null()])).optional(),
});
export type UserFormValues = z.input<typeof userFormSchema>;

export const groupFormSchema = z.object({
  domain: z.string().min(1),
  displayName: z
    .string()
    .trim()
    .min(1, "Group name is required")
    .max(255, "At most 255 characters")
    .refine((v) => !v.includes("/"), "Choose the user store in the list instead of typing a domain"),
});
export type GroupFormValues = z.input<typeof groupFormSchema>;
