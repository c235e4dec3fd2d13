import { createPrivateKey } from "node:crypto";
import { z } from "zod";

/** Where Google's client sends its token requests; a key's `token_uri` naming another URL is honoured (api.ts). */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";
export const GOOGLE_ROOT_URL = "https://admin.googleapis.com/";

/** What domain-wide delegation must grant the service account: users, and groups with their members. */
export const DIRECTORY_SCOPES = ["https://www.googleapis.com/auth/admin.directory.user", "https://www.googleapis.com/auth/admin.directory.group"] as const;

/** The fields of a service account's JSON key file that the connector uses. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  /** the service account's OAuth client ID: the one domain-wide delegation is granted to */
  client_id?: string;
  token_uri?: string;
}

const isHttpUrl = (s: string) => {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
};

/**
 * Reads the content of a JSON key file, or says what is wrong with it. The messages never quote the content:
 * it holds the private key.
 */
export function readServiceAccountKey(text: string): { key: ServiceAccountKey } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: "must be the content of the service account's JSON key file (this is not JSON; P12 keys are not supported)" };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return { problem: "must be the JSON object of a service account key file" };
  const k = json as Record<string, unknown>;
  // an OAuth client file ({"installed": ...} or {"web": ...}) is the usual wrong download
  if (k.type !== "service_account") return { problem: 'is not a service account key: its "type" must be "service_account" (download a JSON key from the service account\'s Keys tab)' };
  if (typeof k.client_email !== "string" || !/^[^@\s]+@[^@\s]+$/.test(k.client_email)) return { problem: 'has no "client_email"' };
  if (typeof k.private_key !== "string" || !k.private_key.includes("PRIVATE KEY")) return { problem: 'has no "private_key"' };
  try {
    if (createPrivateKey(k.private_key).asymmetricKeyType !== "rsa") return { problem: 'has a "private_key" that is not an RSA key' };
  } catch {
    return { problem: 'has a "private_key" that cannot be read (was the file cut short when pasted?)' };
  }
  if (k.token_uri !== undefined && (typeof k.token_uri !== "string" || !isHttpUrl(k.token_uri))) return { problem: 'has a "token_uri" that is not an http(s) URL' };
  const text_ = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const key: ServiceAccountKey = { client_email: k.client_email, private_key: k.private_key };
  for (const field of ["private_key_id", "client_id", "token_uri"] as const) {
    const v = text_(k[field]);
    if (v) key[field] = v;
  }
  return { key };
}

/** Forms submit "" for a field left empty; that means "not set", not an invalid value. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
}

// the user attributes a name part can come from; an empty one falls back to the user name
const NAME_SOURCES = ["name.givenName", "name.middleName", "name.familyName", "name.formatted", "displayName", "userName"] as const;
export type NameSource = (typeof NAME_SOURCES)[number];

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  // both cases in the pattern: it is also the JSON Schema forms read, which see the value before lower-casing
  .regex(/^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/, "must be a domain name such as example.com");

/**
 * Settings of the Google Workspace connector, after WSO2's Google provisioning connector (Google domain, primary
 * email, given and family name claims, service account, administrator's email), with the JSON key Google issues
 * today in place of WSO2's P12 file and service account email.
 */
export const googleConfigSchema = z.object({
  serviceAccountKey: z.string().superRefine((text, ctx) => {
    const read = readServiceAccountKey(text);
    if ("problem" in read) ctx.addIssue({ code: "custom", message: read.problem });
  }),
  adminEmail: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: "must be an email address (an administrator of the domain)" })),
  domain: domainName,
  primaryEmailSource: z.enum(["userName", "email"]).default("userName"),
  givenNameSource: z.enum(NAME_SOURCES).default("name.givenName"),
  familyNameSource: z.enum(NAME_SOURCES).default("name.familyName"),
  passwordProvisioning: z.boolean().default(false),
  // Google's own limits: 8 to 100 characters
  defaultPassword: optional(z.string().min(8, "must be at least 8 characters (Google's minimum)").max(100, "must be at most 100 characters (Google's maximum)")),
  rootUrl: optional(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      // the client keeps only the origin of its root URL: a path here would silently be dropped
      .refine((u) => new URL(u).pathname === "/" && !new URL(u).search, "must be an origin without a path, such as https://proxy.example.com")
      .refine((u) => !/^[a-z]+:\/\/[^/?#]*@/i.test(u), "must not contain a user name or password"),
  ),
  timeoutMs: z.number().int().min(100).max(300_000).default(10_000),
});

export type GoogleConfig = z.output<typeof googleConfigSchema>;

/** Stored encrypted and never sent back to the browser. */
export const googleSecretFields = ["serviceAccountKey", "defaultPassword"] as const;
