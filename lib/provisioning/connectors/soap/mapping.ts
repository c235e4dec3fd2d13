import { readClaims } from "../../../wso2-user-admin/claims.ts";
import { remoteName, remoteUserName } from "../scim2/mapping.ts";
import type { ProvisionedUser } from "../types.ts";

export interface SoapNameSettings {
  userStoreDomain?: string | undefined;
}

/**
 * Names at the remote: WSO2's service addresses users and roles by name, so the name is the remote id. A
 * configured user store domain prefixes it ("DOMAIN/kim"); a local domain never travels (PRIMARY is implicit,
 * secondary stores' prefixes are stripped, as the SCIM connectors do by default).
 */
export const soapUserName = (userName: string, settings: SoapNameSettings) => remoteUserName(userName, { userStoreDomain: settings.userStoreDomain, stripLocalDomain: true });
export const soapRoleName = (displayName: string, settings: SoapNameSettings) => remoteName(displayName, { userStoreDomain: settings.userStoreDomain, stripLocalDomain: true });

/** addUser's arguments; the credential only when there is one (Provisio accepts none; WSO2 IS wants one). */
export function addUserArguments(user: ProvisionedUser, settings: SoapNameSettings): Record<string, unknown> {
  return {
    userName: soapUserName(user.userName, settings),
    ...(user.password ? { credential: user.password } : {}),
    claims: readClaims(user),
    profileName: "default",
  };
}

/**
 * An update sets the claims that have a value and deletes those that have none, so that what was cleared here
 * is cleared there too (WSO2's setUserClaimValues leaves claims it is not given as they are).
 */
export function claimUpdate(user: ProvisionedUser): { set: { claimURI: string; value: string }[]; clear: string[] } {
  const all = readClaims(user, { includeEmpty: true });
  return { set: all.filter((c) => c.value), clear: all.filter((c) => !c.value).map((c) => c.claimURI) };
}
