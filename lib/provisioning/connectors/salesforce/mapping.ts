import { createHash } from "node:crypto";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import type { SalesforceConfig } from "./config.ts";

export type UserSettings = Pick<SalesforceConfig, "profileId" | "timeZoneSidKey" | "localeSidKey" | "emailEncodingKey" | "languageLocaleKey" | "aliasRule" | "usernameSource" | "usernameDomain">;

/** Salesforce allows at most 8 characters in a User's Alias. */
export const ALIAS_LENGTH = 8;
/** Salesforce's limit on a Group's DeveloperName. */
export const DEVELOPER_NAME_LENGTH = 80;

const present = (v: string | null | undefined): v is string => typeof v === "string" && v.trim() !== "";

/** "MYSQL/kim" → "kim": Salesforce has no user stores, and a "/" has no place in a Username or a group's name. */
export function bareName(name: string): string {
  const slash = name.indexOf("/");
  return slash > 0 ? name.slice(slash + 1) : name;
}

export function primaryEmail(user: Pick<ProvisionedUser, "emails">): string | undefined {
  const emails = (user.emails ?? []).filter((e) => present(e.value));
  return (emails.find((e) => e.primary) ?? emails[0])?.value?.trim();
}

/**
 * A Username from the local user name and the provisioning domain, as WSO2's Salesforce connector makes it:
 * "kim" → "kim@example.com", "kim@corp.com" → "kim.corp.com@example.com" (an "@" may appear once only). A name
 * that already ends with "@<domain>" is kept, so the rule may be applied twice.
 */
export function usernameAtDomain(userName: string, domain: string): string {
  const bare = bareName(userName);
  if (bare.toLowerCase().endsWith(`@${domain.toLowerCase()}`) && bare.indexOf("@") === bare.length - domain.length - 1) return bare;
  return `${bare.replaceAll("@", ".")}@${domain}`;
}

/**
 * The Username of a provisioned user. Salesforce usernames look like email addresses and are unique across every
 * org, so they come from the user's email or from the user name at a domain the organisation owns.
 */
export function salesforceUsername(user: Pick<ProvisionedUser, "userName" | "emails">, settings: Pick<UserSettings, "usernameSource" | "usernameDomain">): string {
  if (settings.usernameSource === "userNameAtDomain") return usernameAtDomain(user.userName, settings.usernameDomain ?? "");
  const email = primaryEmail(user);
  if (!email) {
    throw new ConnectorError(
      `Salesforce needs a Username shaped like an email address, taken from the user's email, and ${bareName(user.userName)} has none; add an email or make usernames from the user name and a provisioning domain`,
      { retryable: false },
    );
  }
  return email;
}

const codePoints = (s: string) => Array.from(s);

/**
 * Salesforce requires an Alias of at most 8 characters. Like Salesforce's own form: the first letter of the
 * given name and the family name ("Kim Lee" → "klee"), or the user name before any "@"; spaces are dropped.
 */
export function salesforceAlias(user: Pick<ProvisionedUser, "userName" | "name">, rule: UserSettings["aliasRule"]): string {
  const squeeze = (s: string) => s.replace(/\s+/g, "").toLowerCase();
  const local = squeeze(bareName(user.userName).split("@")[0] ?? "");
  let alias = local;
  if (rule === "initialAndLastName") {
    const given = squeeze(user.name?.givenName ?? "");
    const family = squeeze(user.name?.familyName ?? "");
    if (family) alias = `${codePoints(given)[0] ?? ""}${family}`;
  }
  return codePoints(alias || "user")
    .slice(0, ALIAS_LENGTH)
    .join("");
}

/** Salesforce requires a LastName: the family name, else the display name, else the user name. */
export function lastName(user: Pick<ProvisionedUser, "userName" | "name" | "displayName">): string {
  if (present(user.name?.familyName)) return user.name.familyName.trim();
  if (present(user.displayName)) return user.displayName.trim();
  return bareName(user.userName);
}

/** The fields Provisio keeps up to date on every change. Empty ones are null on update, so a removal reaches Salesforce. */
function identityFields(user: ProvisionedUser, username: string, clear: boolean): Record<string, unknown> {
  const email = primaryEmail(user);
  if (!email) throw new ConnectorError(`Salesforce requires an Email, and ${bareName(user.userName)} has none`, { retryable: false });
  const optional = (value: string | null | undefined) => (present(value) ? value.trim() : clear ? null : undefined);
  const fields: Record<string, unknown> = {
    Username: username,
    FirstName: optional(user.name?.givenName),
    LastName: lastName(user),
    Email: email,
    Title: optional(user.title),
    Department: optional(user.enterprise?.department),
    EmployeeNumber: optional(user.enterprise?.employeeNumber),
    IsActive: user.active,
  };
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return fields;
}

/**
 * A new User sobject with every field Salesforce requires. Alias, locale, time zone, encodings and profile are
 * set once, at creation: they are Salesforce's to change afterwards (users pick their own time zone).
 */
export function toSalesforceUser(user: ProvisionedUser, settings: UserSettings, username = salesforceUsername(user, settings)): Record<string, unknown> {
  return {
    ...identityFields(user, username, false),
    Alias: salesforceAlias(user, settings.aliasRule),
    TimeZoneSidKey: settings.timeZoneSidKey,
    LocaleSidKey: settings.localeSidKey,
    EmailEncodingKey: settings.emailEncodingKey,
    LanguageLocaleKey: settings.languageLocaleKey,
    ProfileId: settings.profileId,
  };
}

/** The fields of an update (PATCH): the identity fields only; `active: false` deactivates (IsActive=false). */
export function toSalesforceUserUpdate(user: ProvisionedUser, settings: UserSettings): Record<string, unknown> {
  return identityFields(user, salesforceUsername(user, settings), true);
}

/** A public group's Name: the group's name without its user store. */
export const groupName = (displayName: string) => bareName(displayName);

/**
 * A public group's DeveloperName, unique in the org: letters, digits and single underscores, starting with a
 * letter ("Sales Team" → "Sales_Team"). Provisio sets it so a group created twice (a retry after a lost answer)
 * is refused as a duplicate and found again by it.
 */
export function developerName(displayName: string): string {
  const name = groupName(displayName);
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  let dev = ascii
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
  // nothing of the name survives (a name in another script): a stable name from its hash
  if (!/[A-Za-z0-9]/.test(dev)) dev = `Group_${createHash("sha256").update(name).digest("hex").slice(0, 12)}`;
  if (!/^[A-Za-z]/.test(dev)) dev = `G_${dev}`;
  return dev.slice(0, DEVELOPER_NAME_LENGTH).replace(/_+$/, "");
}

/** A SOQL string literal: quotes and backslashes escaped, as are the control characters SOQL names. */
export function soqlString(value: string): string {
  const escapes: Record<string, string> = { "\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", '"': '\\"' };
  return `'${value.replace(/[\\'\n\r\t\b\f"]/g, (c) => escapes[c]!)}'`;
}

export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlString).join(", ")})`;
}
