import { IdentityError } from "@/lib/identity/errors";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import type { ApplicationInput, ApplicationView } from "@/lib/identity/applications";
import { applicationPatch } from "@/lib/admin-api/schemas/applications";

/** The resident service provider has its own resource (/resident-application); here it does not exist. */
export function applicationId(params: Record<string, string>): string {
  if (params.id === RESIDENT_SP_ID) throw IdentityError.notFound("Application");
  return params.id;
}

export const inboundOf = (application: ApplicationView) => application.inbound;

/**
 * PATCH sends only what changes; the rest comes from the stored application, and the whole is validated again
 * by the service. A change of kind without grant types takes that kind's default grants, as on create, rather
 * than keeping grants the new kind cannot use.
 */
export function mergePatch(current: ApplicationView, body: unknown): ApplicationInput {
  const patch = applicationPatch.parse(body);
  const kindChanged = "kind" in patch && patch.kind !== current.kind;
  const base = {
    name: current.name,
    description: current.description,
    kind: current.kind,
    redirectUris: current.redirectUris,
    postLogoutRedirectUris: current.postLogoutRedirectUris,
    grantTypes: kindChanged && !("grantTypes" in patch) ? undefined : current.grantTypes,
    scopes: current.scopes,
    tokenEndpointAuthMethod: current.tokenEndpointAuthMethod,
    accessTokenLifetime: current.accessTokenLifetime,
    accessTokenSigningAlg: current.accessTokenSigningAlg,
    idTokenSignedResponseAlg: current.idTokenSignedResponseAlg,
  };
  return { ...base, ...patch } as ApplicationInput;
}
