/**
 * What a fault of the user admin service means. WSO2 answers every failure as a SOAP fault (HTTP 500, faultcode
 * soapenv:Server) whose faultstring carries the user store's message, so its words are all a client has to tell
 * "user exists" from "user not found". Provisio's service words its faults the same way (FAULT_TEXT), so one
 * reading serves a WSO2 target and a Provisio target alike.
 */

export type FaultKind = "authentication" | "exists" | "notFound" | "invalid" | "other";

/** In order: the first pattern that matches decides. */
const PATTERNS: ReadonlyArray<[FaultKind, RegExp]> = [
  ["authentication", /access denied|authentication failed|unauthori[sz]ed|not authori[sz]ed|invalid credentials|operation not permitted/i],
  ["exists", /already exists?\b|already taken/i],
  ["notFound", /does not exist|doesn't exist|not found|UserNotFound|no such (user|role)/i],
  ["invalid", /not valid|invalid|is required|must (be|have|not)|not supported|password policy/i],
];

export function faultKind(faultstring: string): FaultKind {
  for (const [kind, pattern] of PATTERNS) if (pattern.test(faultstring)) return kind;
  return "other";
}

/** Provisio's faultstrings, worded as WSO2's user store words them. */
export const FAULT_TEXT = {
  userExists: (name: string) => `Username '${name}' already exists in the system. Please pick another username.`,
  userNotFound: (name: string) => `User ${name} does not exist in the system.`,
  roleExists: (name: string) => `Role name: ${name} already exists in the system. Please pick another role name.`,
  roleNotFound: (name: string) => `Role ${name} does not exist in the system.`,
  credentialInvalid: (reason: string) => `Credential is not valid: ${reason}`,
  authenticationFailed: (reason: string) => `Authentication failed: ${reason}`,
  notPermitted: (permission: string) => `Operation not permitted: requires ${permission}`,
} as const;
