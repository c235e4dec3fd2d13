import type { Sql } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { RESIDENT_SP_ID } from "../identity/seed.ts";
import type { ScimPrincipal } from "../scim-server/auth.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import { SoapFault } from "./fault.ts";

/** One authenticated call of the service: who calls, and how its changes are recorded and provisioned. */
export interface SoapCall {
  sql: Sql;
  principal: ScimPrincipal;
  actor: Actor;
  /** the user store of names without a domain: the resident service provider's inbound user store */
  defaultDomain: string;
  /** changes provision as the resident service provider's, triggered through the API (as WSO2's admin services) */
  origin: ChangeOrigin;
}

export function soapCall(sql: Sql, principal: ScimPrincipal): SoapCall {
  return {
    sql,
    principal,
    actor: { name: principal.userName, channel: "api" },
    defaultDomain: principal.serviceProvider.userStore,
    origin: { serviceProviderId: RESIDENT_SP_ID, trigger: "api" },
  };
}

/** The same permissions as the admin API and SCIM; a caller without one gets a fault naming it. */
export function requirePermission(call: SoapCall, permission: string): void {
  if (!call.principal.permissions.has(permission)) throw SoapFault.client(FAULT_TEXT.notPermitted(permission));
}

/** WSO2 keeps claims per profile; Provisio has one profile per user, WSO2's "default". */
export function checkProfile(profileName: string | undefined): void {
  if (profileName && profileName.trim() && profileName.trim().toLowerCase() !== "default") {
    throw SoapFault.client(`Profile "${profileName}" does not exist: Provisio keeps one profile per user, "default"`);
  }
}
