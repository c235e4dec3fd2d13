import { GRANT_TYPES, OIDC_SCOPES } from "@/lib/identity/applications";
import { PERMISSIONS } from "@/lib/identity/permissions";

/** What the application form offers, read on the server so the lists are the ones the service validates against. */
export interface ApplicationFormOptions {
  oidcScopes: string[];
  permissions: string[];
  grantTypes: string[];
}

export function applicationFormOptions(): ApplicationFormOptions {
  return { oidcScopes: [...OIDC_SCOPES], permissions: PERMISSIONS.filter((p) => p.startsWith("internal_")), grantTypes: [...GRANT_TYPES] };
}
