/**
 * WSO2's local claim URIs and the user attributes they stand for. The same table turns a user into the claims
 * the SOAP connector sends (readClaims) and the claims a client sends into the user Provisio stores
 * (applyClaims), so both directions agree.
 */

/** The user attributes a claim reaches: the shape shared by the store's users and the users connectors receive. */
export interface ClaimSubject {
  name?: { givenName?: string | null; familyName?: string | null } | null;
  displayName?: string | null;
  title?: string | null;
  emails?: readonly Entry[] | null;
  phoneNumbers?: readonly Entry[] | null;
  enterprise?: { department?: string | null; employeeNumber?: string | null } | null;
}

interface Entry {
  value?: string | undefined;
  type?: string | undefined;
  primary?: boolean | undefined;
}

export interface ClaimValue {
  claimURI: string;
  value: string;
}

type Attribute = "givenName" | "familyName" | "email" | "telephone" | "title" | "department" | "employeeNumber" | "displayName";

export const WSO2_CLAIMS: Readonly<Record<string, Attribute>> = {
  "http://wso2.org/claims/givenname": "givenName",
  "http://wso2.org/claims/lastname": "familyName",
  "http://wso2.org/claims/emailaddress": "email",
  "http://wso2.org/claims/telephone": "telephone",
  "http://wso2.org/claims/title": "title",
  "http://wso2.org/claims/department": "department",
  "http://wso2.org/claims/employeeNumber": "employeeNumber",
  "http://wso2.org/claims/displayName": "displayName",
};

export const SUPPORTED_CLAIM_URIS = Object.keys(WSO2_CLAIMS);

export class UnsupportedClaimError extends Error {
  constructor(readonly claimURI: string) {
    super(`Claim ${claimURI} is not supported; supported claims: ${SUPPORTED_CLAIM_URIS.join(", ")}`);
    this.name = "UnsupportedClaimError";
  }
}

/** A multi-valued attribute shows one value as its claim: the primary one, else the first (as WSO2 maps them). */
function shownIndex(list: readonly Entry[]): number {
  return Math.max(
    0,
    list.findIndex((e) => e.primary === true),
  );
}

const shown = (list: readonly Entry[] | null | undefined) => (list?.length ? (list[shownIndex(list)]!.value ?? "") : "");

/** The list with its shown value replaced (made primary), or removed for an empty value; the others stay. */
function replaceShown<E extends Entry>(list: readonly E[], value: string, defaultType: string): E[] {
  const index = list.length ? shownIndex(list) : -1;
  const rest = list.filter((_, i) => i !== index);
  if (!value) return rest;
  const current = index >= 0 ? list[index]! : undefined;
  return [{ ...current, value, type: current?.type ?? defaultType, primary: true } as E, ...rest.map((e) => (e.primary ? { ...e, primary: false } : e))];
}

function read(subject: ClaimSubject, attribute: Attribute): string {
  switch (attribute) {
    case "givenName":
      return subject.name?.givenName ?? "";
    case "familyName":
      return subject.name?.familyName ?? "";
    case "email":
      return shown(subject.emails);
    case "telephone":
      return shown(subject.phoneNumbers);
    case "title":
      return subject.title ?? "";
    case "department":
      return subject.enterprise?.department ?? "";
    case "employeeNumber":
      return subject.enterprise?.employeeNumber ?? "";
    case "displayName":
      return subject.displayName ?? "";
  }
}

/**
 * Every supported claim of the subject, in the table's order. `includeEmpty` lists the empty ones too (with an
 * empty value), so that an update clears at the target what was cleared here.
 */
export function readClaims(subject: ClaimSubject, options: { includeEmpty?: boolean } = {}): ClaimValue[] {
  const out: ClaimValue[] = [];
  for (const [claimURI, attribute] of Object.entries(WSO2_CLAIMS)) {
    const value = read(subject, attribute);
    if (value || options.includeEmpty) out.push({ claimURI, value });
  }
  return out;
}

/**
 * The subject with these claims set; an empty value clears the attribute. Claims not named keep their value
 * (WSO2's setUserClaimValues changes only the claims it is given). An unknown claim URI throws.
 */
export function applyClaims<S extends ClaimSubject>(subject: S, claims: readonly { claimURI: string; value?: string | null }[]): S {
  const next: S = { ...subject };
  for (const claim of claims) {
    const attribute = Object.hasOwn(WSO2_CLAIMS, claim.claimURI) ? WSO2_CLAIMS[claim.claimURI] : undefined;
    if (!attribute) throw new UnsupportedClaimError(claim.claimURI);
    const value = (claim.value ?? "").trim();
    const orNull = value || null;
    switch (attribute) {
      case "givenName":
        next.name = { ...next.name, givenName: orNull };
        break;
      case "familyName":
        next.name = { ...next.name, familyName: orNull };
        break;
      case "email":
        next.emails = replaceShown(next.emails ?? [], value, "work");
        break;
      case "telephone":
        next.phoneNumbers = replaceShown(next.phoneNumbers ?? [], value, "work");
        break;
      case "title":
        next.title = orNull;
        break;
      case "department":
        next.enterprise = { ...next.enterprise, department: orNull };
        break;
      case "employeeNumber":
        next.enterprise = { ...next.enterprise, employeeNumber: orNull };
        break;
      case "displayName":
        next.displayName = orNull;
        break;
    }
  }
  return next;
}
