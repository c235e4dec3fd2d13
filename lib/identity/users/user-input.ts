import { z } from "zod";

/** Multi-valued attributes kept as rows of UserValue (RFC 7643 section 4.1.2). */
export const MULTI_VALUED = ["emails", "phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles", "x509Certificates"] as const;
export type MultiValuedAttribute = (typeof MULTI_VALUED)[number];

const text = (max = 255) => z.string().max(max).nullish();

export const multiValueSchema = z
  .object({
    value: z.string().max(2048).optional(),
    type: z.string().max(64).optional(),
    primary: z.boolean().optional(),
    display: z.string().max(512).optional(),
  })
  .catchall(z.union([z.string().max(2048), z.number(), z.boolean(), z.null()]));
export type MultiValue = z.infer<typeof multiValueSchema>;

export const passwordSchema = z.string().min(6, "Password must have at least 6 characters").max(256);

export const userNameSchema = z
  .string()
  .trim()
  .min(1, "User name is required")
  .max(255)
  // control characters and whitespace-only names break every client that shows or matches them
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "User name cannot contain control characters");

export const nameSchema = z.object({
  formatted: text(),
  familyName: text(),
  givenName: text(),
  middleName: text(),
  honorificPrefix: text(),
  honorificSuffix: text(),
});

export const enterpriseSchema = z.object({
  employeeNumber: text(),
  costCenter: text(),
  organization: text(),
  division: text(),
  department: text(),
  managerId: text(),
});

/** A user as written to the store: the full state, not a delta (PATCH is applied before it gets here). */
export const userInputSchema = z.object({
  /** possibly domain-qualified: "MYSQL/kim" */
  userName: userNameSchema,
  password: passwordSchema.optional(),
  externalId: text(),
  active: z.boolean().default(true),
  name: nameSchema.default({}),
  displayName: text(),
  nickName: text(),
  profileUrl: text(1024),
  title: text(),
  userType: text(),
  preferredLanguage: text(64),
  locale: text(64),
  timezone: text(64),
  enterprise: enterpriseSchema.default({}),
  emails: z.array(multiValueSchema).max(50).default([]),
  phoneNumbers: z.array(multiValueSchema).max(50).default([]),
  ims: z.array(multiValueSchema).max(50).default([]),
  photos: z.array(multiValueSchema).max(50).default([]),
  addresses: z.array(multiValueSchema).max(50).default([]),
  entitlements: z.array(multiValueSchema).max(200).default([]),
  roles: z.array(multiValueSchema).max(200).default([]),
  x509Certificates: z.array(multiValueSchema).max(20).default([]),
  /** attributes of the custom extension schema, by name; checked against their definitions by the store */
  custom: z.record(z.string(), z.unknown()).default({}),
});
export type UserInput = z.input<typeof userInputSchema>;
export type ValidUserInput = z.output<typeof userInputSchema>;
