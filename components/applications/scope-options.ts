import { applicationInputSchema, GRANT_TYPES, OIDC_SCOPES } from "@/lib/identity/applications";
import { PERMISSIONS } from "@/lib/identity/permissions";

/** What the application form offers, read on the server so the lists are the ones the service validates against. */
export interface ApplicationFormOptions {
  oidcScopes: string[];
  permissions: string[];
  grantTypes: string[];
  /** what the service grants each kind when no grant types are given, proposed by the form when the kind changes */
  defaultGrantTypes: Record<"m2m" | "web", string[]>;
}

const defaultGrants = (kind: "m2m" | "web") => applicationInputSchema.parse({ name: "defaults", kind, redirectUris: ["https://defaults.invalid/"] }).grantTypes;

export function applicationFormOptions(): ApplicationFormOptions {
  return {
    oidcScopes: [...OIDC_SCOPES],
    permissions: PERMISSIONS.filter((p) => p.startsWith("internal_")),
    grantTypes: [...GRANT_TYPES],
    defaultGrantTypes: { m2m: defaultGrants("m2m"), web: defaultGrants("web") },
  };
}
