import { ConnectorError, type ProvisionedUser } from "../types.ts";
import type { GoogleConfig, NameSource } from "./config.ts";

/** The body of users.insert and users.update, as far as Provisio sets it. */
export interface GoogleUserBody {
  primaryEmail: string;
  name: { givenName: string; familyName: string };
  suspended: boolean;
  password?: string;
  externalIds?: ExternalId[];
}

export interface ExternalId {
  type: string;
  customType?: string;
  value: string;
}

/** The external id that names the Provisio user an account was created for. */
export const PROVISIO_ID_TYPE = "provisio";

export const provisioIdOf = (externalIds: readonly Partial<ExternalId>[] | undefined) => externalIds?.find((e) => e.type === "custom" && e.customType === PROVISIO_ID_TYPE)?.value;

/**
 * The user as users.insert takes it: with the local user's id among the account's external ids, so a later
 * 409 for another local user with the same address (PRIMARY/kim and MYSQL/kim both give kim@domain) is never
 * taken for this account. Updates never send external ids: Google replaces the whole list, and others' ids
 * (an HR system's employee number) would be lost.
 */
export function toGoogleUserInsert(user: ProvisionedUser, settings: MappingSettings, password: string): GoogleUserBody {
  return { ...toGoogleUser(user, settings, password), externalIds: [{ type: "custom", customType: PROVISIO_ID_TYPE, value: user.id }] };
}

type MappingSettings = Pick<GoogleConfig, "domain" | "primaryEmailSource" | "givenNameSource" | "familyNameSource">;

/** "MYSQL/kim" is "kim": the user store domain is Provisio's, never part of an address. */
export function withoutStoreDomain(name: string): string {
  const slash = name.indexOf("/");
  return slash >= 0 ? name.slice(slash + 1) : name;
}

/** The user name as a mailbox name: "kim@example.com" and "MYSQL/kim" both give "kim". */
export function localPart(userName: string): string {
  const bare = withoutStoreDomain(userName);
  const at = bare.lastIndexOf("@");
  return at > 0 ? bare.slice(0, at) : bare;
}

/**
 * The primary email a user name gives: the name itself when it is already an address ("kim@example.com"),
 * otherwise `name@domain`.
 */
export function emailFromUserName(userName: string, domain: string): string {
  const bare = withoutStoreDomain(userName);
  return bare.includes("@") ? bare : `${bare}@${domain}`;
}

export function primaryEmailOf(user: ProvisionedUser, settings: MappingSettings): string {
  if (settings.primaryEmailSource === "userName") return emailFromUserName(user.userName, settings.domain);
  const email = (user.emails.find((e) => e.primary && e.value) ?? user.emails.find((e) => e.value))?.value?.trim();
  if (!email) {
    throw new ConnectorError(
      `user "${user.userName}" has no email address, and the connector takes Google's primary email from it: add an email to the user, or set the primary email source to the user name`,
      { retryable: false },
    );
  }
  return email;
}

function attribute(user: ProvisionedUser, source: NameSource): string | undefined {
  const value =
    source === "userName"
      ? localPart(user.userName)
      : source === "displayName"
        ? user.displayName
        : user.name?.[source.slice("name.".length) as "givenName" | "middleName" | "familyName" | "formatted"];
  return value?.trim() || undefined;
}

/** Google requires both name parts on insert; an empty attribute falls back to the user name. */
export function nameOf(user: ProvisionedUser, settings: MappingSettings): GoogleUserBody["name"] {
  const fallback = localPart(user.userName);
  return { givenName: attribute(user, settings.givenNameSource) ?? fallback, familyName: attribute(user, settings.familyNameSource) ?? fallback };
}

/**
 * The user as Google's users.insert and users.update take it. users.update keeps fields a request leaves out,
 * so attributes set at Google by other means (phones, organisations, aliases) survive Provisio's updates.
 * An inactive user is suspended, not deleted: the account and its mail stay until the user is deleted here.
 */
export function toGoogleUser(user: ProvisionedUser, settings: MappingSettings, password?: string): GoogleUserBody {
  return {
    primaryEmail: primaryEmailOf(user, settings),
    name: nameOf(user, settings),
    suspended: !user.active,
    ...(password ? { password } : {}),
  };
}

/**
 * The address a group gets at Google, from its name: "SALES/Team Leads" is team-leads@domain; a name that is
 * already an address is kept. Accents are dropped and other characters become hyphens, as Google allows only
 * letters, digits, "-", "_", "'" and "." in a group's address.
 */
export function groupEmailOf(displayName: string, domain: string): string {
  const bare = withoutStoreDomain(displayName).trim();
  if (bare.includes("@")) return bare.toLowerCase();
  const slug = bare
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .replace(/\.{2,}/g, ".");
  if (!slug) throw new ConnectorError(`group "${displayName}" gives no usable email address at Google: rename it with letters or digits`, { retryable: false });
  return `${slug}@${domain}`;
}

/** The group's name at Google: its name here without the user store domain. */
export const groupNameOf = (displayName: string) => withoutStoreDomain(displayName).trim();
