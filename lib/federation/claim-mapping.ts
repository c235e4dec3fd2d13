import type { UserInput } from "../identity/users/user-input.ts";
import type { ClaimSettings, RoleMapping } from "./settings.ts";

/**
 * How an identity provider's claims become a local user: pure functions over the claims and the connection's
 * claim and role settings. Local attributes are SCIM attribute paths (`name.givenName`, `emails.value`,
 * `urn:…:enterprise:2.0:User:department`, `urn:scim:schemas:extension:custom:User:<name>`).
 */

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const CUSTOM = "urn:scim:schemas:extension:custom:User";

const SINGULAR = ["externalId", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone"] as const;
const NAME_PARTS = ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"] as const;
const MULTI = ["emails", "phoneNumbers", "photos"] as const;
const ENTERPRISE_PARTS = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

/** Standard OpenID Connect claims (OIDC Core 5.1) and where they land, unless a mapping says otherwise. */
export const DEFAULT_CLAIM_MAPPINGS: ReadonlyArray<{ idpClaim: string; localAttribute: string; required?: boolean }> = [
  { idpClaim: "given_name", localAttribute: "name.givenName" },
  { idpClaim: "family_name", localAttribute: "name.familyName" },
  { idpClaim: "middle_name", localAttribute: "name.middleName" },
  { idpClaim: "name", localAttribute: "displayName" },
  { idpClaim: "nickname", localAttribute: "nickName" },
  { idpClaim: "profile", localAttribute: "profileUrl" },
  { idpClaim: "email", localAttribute: "emails.value" },
  { idpClaim: "phone_number", localAttribute: "phoneNumbers.value" },
  { idpClaim: "picture", localAttribute: "photos.value" },
  { idpClaim: "locale", localAttribute: "locale" },
  { idpClaim: "zoneinfo", localAttribute: "timezone" },
];

/** Every local attribute a claim can be mapped to, custom extension attributes included. */
export function mappableAttributes(customNames: string[] = []): string[] {
  return [
    "userName",
    ...SINGULAR,
    ...NAME_PARTS.map((p) => `name.${p}`),
    ...MULTI.map((m) => `${m}.value`),
    ...ENTERPRISE_PARTS.map((p) => `${ENTERPRISE}:${p}`),
    `${ENTERPRISE}:manager.value`,
    ...customNames.map((n) => `${CUSTOM}:${n}`),
  ];
}

/** A claim's value as text: strings as sent, numbers and booleans printed; objects and empty values are not mapped. */
function claimText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === "string")) return value[0];
  return undefined;
}

export interface MappedIdentity {
  /** the value of the connection's subject claim */
  subject: string;
  /** the user name the identity provider proposes: a mapping to userName, else preferred_username, email or the subject */
  proposedUserName: string;
  /** local attribute path → value, only for claims the identity provider sent */
  attributes: Map<string, string>;
  email?: string;
  /** only `email_verified: true` (or "true") counts: an unverified address never links an account */
  emailVerified: boolean;
  /** the identity provider's role or group values, from the connection's role claim */
  idpRoles: string[];
}

export type MappingResult = { ok: true; identity: MappedIdentity } | { ok: false; reason: "missing_subject" | "missing_claim"; message: string };

export function mapClaims(claims: Record<string, unknown>, settings: ClaimSettings): MappingResult {
  const subject = claimText(claims[settings.subjectClaim]);
  if (!subject) return { ok: false, reason: "missing_subject", message: `The identity provider did not send the subject claim "${settings.subjectClaim}".` };
  const missing = settings.mappings.find((m) => m.required && claimText(claims[m.idpClaim]) === undefined);
  if (missing) return { ok: false, reason: "missing_claim", message: `The identity provider did not send the claim "${missing.idpClaim}", which this connection requires.` };
  const explicit = new Set(settings.mappings.map((m) => m.localAttribute));
  const mappings = [...DEFAULT_CLAIM_MAPPINGS.filter((m) => !explicit.has(m.localAttribute)), ...settings.mappings];
  const attributes = new Map<string, string>();
  for (const { idpClaim, localAttribute } of mappings) {
    const value = claimText(claims[idpClaim]);
    if (value !== undefined) attributes.set(localAttribute, value);
  }
  const email = claimText(claims.email);
  const proposedUserName = attributes.get("userName") ?? claimText(claims.preferred_username) ?? email ?? subject;
  attributes.delete("userName");
  return {
    ok: true,
    identity: {
      subject,
      proposedUserName,
      attributes,
      email,
      emailVerified: claims.email_verified === true || claims.email_verified === "true",
      idpRoles: settings.roleClaim ? roleValues(claims[settings.roleClaim]) : [],
    },
  };
}

/** A role claim is an array of strings, or one string of values separated by commas or spaces. */
export function roleValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The local role names the identity provider's roles map to (values compare exactly, as the IdP sends them). */
export function mappedRoleNames(idpRoles: string[], mappings: RoleMapping[]): string[] {
  const sent = new Set(idpRoles);
  return [...new Set(mappings.filter((m) => sent.has(m.idpRole)).map((m) => m.localRole))];
}

export type SyncableInput = Required<Pick<UserInput, "name" | "enterprise" | "emails" | "phoneNumbers" | "photos" | "custom">> & UserInput;

function current(input: SyncableInput, path: string): unknown {
  if (path.startsWith("name.")) return input.name[path.slice(5) as (typeof NAME_PARTS)[number]];
  if (path === `${ENTERPRISE}:manager.value`) return input.enterprise.managerId;
  if (path.startsWith(`${ENTERPRISE}:`)) return input.enterprise[path.slice(ENTERPRISE.length + 1) as (typeof ENTERPRISE_PARTS)[number]];
  if (path.startsWith(`${CUSTOM}:`)) return input.custom[path.slice(CUSTOM.length + 1)];
  const multi = MULTI.find((m) => path === `${m}.value`);
  if (multi) return (input[multi].find((v) => v.primary) ?? input[multi][0])?.value;
  return (input as Record<string, unknown>)[path];
}

function assign(input: SyncableInput, path: string, value: string): void {
  if (path.startsWith("name.")) input.name = { ...input.name, [path.slice(5)]: value };
  else if (path === `${ENTERPRISE}:manager.value`) input.enterprise = { ...input.enterprise, managerId: value };
  else if (path.startsWith(`${ENTERPRISE}:`)) input.enterprise = { ...input.enterprise, [path.slice(ENTERPRISE.length + 1)]: value };
  else if (path.startsWith(`${CUSTOM}:`)) input.custom = { ...input.custom, [path.slice(CUSTOM.length + 1)]: value };
  else {
    const multi = MULTI.find((m) => path === `${m}.value`);
    if (multi) {
      // the primary value is the identity provider's; other values an administrator added stay
      const rest = input[multi].filter((v) => !v.primary && v.value !== value);
      const primary = input[multi].find((v) => v.primary);
      input[multi] = [{ ...(primary ?? {}), value, primary: true }, ...rest];
    } else if ((SINGULAR as readonly string[]).includes(path)) (input as Record<string, unknown>)[path] = value;
  }
}

/**
 * Applies the identity provider's attributes to a user's input. `fill` is "all" (the IdP's value wins) or "empty"
 * (only where the local value is empty); `keep` lists local attributes never overwritten. Attributes the IdP did
 * not send are left as they are. Returns whether anything changed.
 */
export function applyAttributes(input: SyncableInput, attributes: Map<string, string>, fill: "all" | "empty", keep: string[] = []): boolean {
  let changed = false;
  for (const [path, value] of attributes) {
    if (keep.includes(path)) continue;
    const now = current(input, path);
    if (fill === "empty" && now !== undefined && now !== null && now !== "") continue;
    if (now === value) continue;
    assign(input, path, value);
    changed = true;
  }
  return changed;
}

/** A new user's input: the proposed or chosen name in the connection's user store, and every attribute sent. */
export function newUserInput(userName: string, attributes: Map<string, string>, password?: string): UserInput {
  const input: SyncableInput = { userName, name: {}, enterprise: {}, emails: [], phoneNumbers: [], photos: [], custom: {}, ...(password ? { password } : {}) };
  applyAttributes(input, attributes, "all");
  return input;
}
