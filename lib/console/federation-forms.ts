import { z } from "zod";
import { ATTRIBUTE_SYNC_METHODS, JIT_SCHEMES, type AttributeSyncMethod, type JitScheme } from "../federation/settings.ts";
import { OIDC_PROPERTY_KEYS as KEYS } from "../admin-api/schemas/federation.ts";
import type { federationParts } from "../admin-api/schemas/federation.ts";

/**
 * The console's forms for a connection's federated sign-in (its Settings, Attributes and Just-in-Time Provisioning
 * tabs): their schemas, the admin API's WSO2-shaped bodies in and out of them, and the API's field errors placed on
 * their fields. Pure: the React forms call these and the admin API does the checking that needs the store.
 */

/** A connection's federation settings as GET /identity-providers/{id} returns them. */
export type FederationDetail = { [K in keyof typeof federationParts]: z.output<(typeof federationParts)[K]> };

/** An admin API field error put on a form field, or on the form as a whole (`root`). */
export type PlacedErrors<F extends string> = { field: F | "root"; message: string }[];

function place<F extends string>(fieldErrors: Record<string, string>, fieldOf: (apiField: string) => F | undefined): PlacedErrors<F> {
  return Object.entries(fieldErrors).map(([apiField, message]) => ({ field: fieldOf(apiField) ?? "root", message }));
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

const optionalUrl = z
  .string()
  .trim()
  .max(2048, "At most 2048 characters")
  .refine((v) => v === "" || isHttpUrl(v), "Enter an http(s) URL");

// ---------------------------------------------------------------------------------------------------- Settings

export const TOKEN_ENDPOINT_AUTH_METHODS = [
  { value: "client_secret_basic", label: "client_secret_basic (Authorization header)" },
  { value: "client_secret_post", label: "client_secret_post (request body)" },
] as const;

export const oidcSettingsFormSchema = z
  .object({
    enabled: z.boolean(),
    clientId: z.string().trim().max(512, "At most 512 characters"),
    /** write-only: empty keeps the stored secret */
    clientSecret: z.string().max(4096, "At most 4096 characters"),
    /** whether a secret is stored, so an empty field may stay empty */
    clientSecretSet: z.boolean(),
    discoveryUrl: optionalUrl,
    issuer: z.string().trim().max(2048, "At most 2048 characters"),
    authorizationEndpoint: optionalUrl,
    tokenEndpoint: optionalUrl,
    userinfoEndpoint: optionalUrl,
    jwksUri: optionalUrl,
    scopes: z
      .string()
      .trim()
      .max(1024, "At most 1024 characters")
      .refine((s) => s.split(/\s+/).includes("openid"), "Scopes must include openid"),
    tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]),
  })
  .superRefine((v, ctx) => {
    // a disabled authenticator may be saved half-filled; an enabled one must be able to sign users in
    if (!v.enabled) return;
    const require = (path: keyof typeof v, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!v.clientId) require("clientId", "Client ID is required");
    if (!v.clientSecret && !v.clientSecretSet) require("clientSecret", "Client secret is required");
    if (v.discoveryUrl) return;
    if (!v.issuer) require("issuer", "Issuer is required without a discovery URL");
    if (!v.authorizationEndpoint) require("authorizationEndpoint", "Authorization endpoint is required without a discovery URL");
    if (!v.tokenEndpoint) require("tokenEndpoint", "Token endpoint is required without a discovery URL");
    if (!v.jwksUri) require("jwksUri", "JWKS URI is required without a discovery URL");
  });
export type OidcSettingsForm = z.output<typeof oidcSettingsFormSchema>;
export type OidcSettingsField = keyof OidcSettingsForm;

/** The form of a connection's OpenID Connect settings; a connection without them starts enabled, with WSO2's defaults. */
export function oidcSettingsToForm(detail: Pick<FederationDetail, "federatedAuthenticators" | "idpIssuerName" | "certificate">): OidcSettingsForm {
  const authenticator = detail.federatedAuthenticators.authenticators[0];
  const value = (key: string) => authenticator?.properties.find((p) => p.key === key)?.value ?? "";
  return {
    enabled: authenticator?.isEnabled ?? true,
    clientId: value(KEYS.clientId),
    clientSecret: "",
    clientSecretSet: authenticator?.clientSecretSet ?? false,
    discoveryUrl: value(KEYS.discoveryUrl),
    issuer: detail.idpIssuerName,
    authorizationEndpoint: value(KEYS.authorizationEndpoint),
    tokenEndpoint: value(KEYS.tokenEndpoint),
    userinfoEndpoint: value(KEYS.userinfoEndpoint),
    jwksUri: detail.certificate.jwksUri,
    scopes: value(KEYS.scopes) || "openid profile email",
    tokenEndpointAuthMethod: value(KEYS.tokenEndpointAuthMethod) === "client_secret_post" ? "client_secret_post" : "client_secret_basic",
  };
}

const PROPERTY_FIELDS = [
  [KEYS.clientId, "clientId"],
  [KEYS.clientSecret, "clientSecret"],
  [KEYS.discoveryUrl, "discoveryUrl"],
  [KEYS.authorizationEndpoint, "authorizationEndpoint"],
  [KEYS.tokenEndpoint, "tokenEndpoint"],
  [KEYS.userinfoEndpoint, "userinfoEndpoint"],
  [KEYS.scopes, "scopes"],
  [KEYS.tokenEndpointAuthMethod, "tokenEndpointAuthMethod"],
] as const satisfies readonly (readonly [string, OidcSettingsField])[];

export interface AuthenticatorPutBody {
  isEnabled: boolean;
  properties: { key: string; value: string }[];
  idpIssuerName: string;
  certificate: { jwksUri: string };
}

/** PUT …/federated-authenticators/{OIDC}: the secret only when one was typed, so an empty field keeps the stored one. */
export function oidcSettingsToBody(form: OidcSettingsForm): AuthenticatorPutBody {
  return {
    isEnabled: form.enabled,
    properties: PROPERTY_FIELDS.filter(([, field]) => field !== "clientSecret" || form.clientSecret !== "").map(([key, field]) => ({ key, value: form[field] })),
    idpIssuerName: form.issuer,
    certificate: { jwksUri: form.jwksUri },
  };
}

/** The API names the stored setting (oidc.x), the body's place (properties.N.value) or a connection field. */
export function oidcSettingsErrors(fieldErrors: Record<string, string>, body: AuthenticatorPutBody): PlacedErrors<OidcSettingsField> {
  const byKey = new Map<string, OidcSettingsField>(PROPERTY_FIELDS);
  const fields = new Set<string>(Object.keys(oidcSettingsToForm({ federatedAuthenticators: { defaultAuthenticatorId: null, authenticators: [] }, idpIssuerName: "", certificate: { jwksUri: "" } })));
  return place(fieldErrors, (apiField) => {
    if (apiField === "idpIssuerName" || apiField === "oidc.issuer") return "issuer";
    if (apiField.startsWith("certificate")) return "jwksUri";
    if (apiField === "isEnabled" || apiField === "oidc.enabled") return "enabled";
    const property = /^properties\.(\d+)/.exec(apiField);
    if (property) return byKey.get(body.properties[Number(property[1])]?.key ?? "");
    const stored = /^oidc\.(\w+)/.exec(apiField)?.[1];
    return stored && fields.has(stored) ? (stored as OidcSettingsField) : undefined;
  });
}

// ---------------------------------------------------------------------------------------------------- Attributes

/** The claims WSO2's console offers for the subject, besides one typed in. */
export const SUBJECT_CLAIMS = [
  { value: "sub", label: "sub (the identity provider's subject identifier)" },
  { value: "preferred_username", label: "preferred_username" },
  { value: "email", label: "email" },
] as const;
const SUBJECT_CHOICES = ["sub", "preferred_username", "email", "other"] as const;

export const claimsFormSchema = z
  .object({
    subjectClaim: z.enum(SUBJECT_CHOICES),
    subjectClaimOther: z.string().trim().max(255, "At most 255 characters"),
    roleClaim: z.string().trim().max(255, "At most 255 characters"),
    mappings: z
      .array(
        z.object({
          idpClaim: z.string().trim().min(1, "Name the identity provider's claim").max(255, "At most 255 characters"),
          localAttribute: z.string().min(1, "Choose a local attribute"),
          required: z.boolean(),
        }),
      )
      .max(200, "At most 200 mappings"),
  })
  .superRefine((v, ctx) => {
    if (v.subjectClaim === "other" && !v.subjectClaimOther) ctx.addIssue({ code: "custom", path: ["subjectClaimOther"], message: "Name the claim that identifies the user" });
  });
export type ClaimsForm = z.output<typeof claimsFormSchema>;
export type ClaimsField = "subjectClaim" | "subjectClaimOther" | "roleClaim" | "mappings" | `mappings.${number}.idpClaim` | `mappings.${number}.localAttribute`;

export function claimsToForm(claims: FederationDetail["claims"]): ClaimsForm {
  const subject = claims.userIdClaim.uri || "sub";
  const known = (SUBJECT_CHOICES as readonly string[]).includes(subject) && subject !== "other";
  return {
    subjectClaim: known ? (subject as ClaimsForm["subjectClaim"]) : "other",
    subjectClaimOther: known ? "" : subject,
    roleClaim: claims.roleClaim.uri,
    mappings: claims.mappings.map((m) => ({ idpClaim: m.idpClaim, localAttribute: m.localClaim.uri, required: m.required })),
  };
}

export function claimsToBody(form: ClaimsForm) {
  return {
    userIdClaim: { uri: form.subjectClaim === "other" ? form.subjectClaimOther : form.subjectClaim },
    roleClaim: { uri: form.roleClaim },
    mappings: form.mappings.map((m) => ({ idpClaim: m.idpClaim, localClaim: { uri: m.localAttribute }, required: m.required })),
  };
}

export function claimsErrors(fieldErrors: Record<string, string>, form: ClaimsForm): PlacedErrors<ClaimsField> {
  return place<ClaimsField>(fieldErrors, (apiField) => {
    if (apiField.startsWith("userIdClaim")) return form.subjectClaim === "other" ? "subjectClaimOther" : "subjectClaim";
    if (apiField.startsWith("roleClaim")) return "roleClaim";
    const row = /^mappings\.(\d+)\.(idpClaim|localClaim)/.exec(apiField);
    if (row) return row[2] === "idpClaim" ? `mappings.${Number(row[1])}.idpClaim` : `mappings.${Number(row[1])}.localAttribute`;
    // the store's check of the local attributes names the list: the message says which one
    if (apiField === "mappings" || apiField === "claims.mappings") return "mappings";
    return undefined;
  });
}

export const rolesFormSchema = z.object({
  mappings: z
    .array(
      z.object({
        idpRole: z.string().trim().min(1, "Name the identity provider's role or group").max(255, "At most 255 characters"),
        localRole: z.string().min(1, "Choose a local role"),
      }),
    )
    .max(500, "At most 500 mappings"),
});
export type RolesForm = z.output<typeof rolesFormSchema>;
export type RolesField = "mappings" | `mappings.${number}.idpRole` | `mappings.${number}.localRole`;

export const rolesToForm = (roles: FederationDetail["roles"]): RolesForm => ({ mappings: roles.mappings.map(({ idpRole, localRole }) => ({ idpRole, localRole })) });

export const rolesToBody = (form: RolesForm) => ({ mappings: form.mappings.map(({ idpRole, localRole }) => ({ idpRole, localRole })) });

export function rolesErrors(fieldErrors: Record<string, string>): PlacedErrors<RolesField> {
  return place<RolesField>(fieldErrors, (apiField) => {
    const row = /^mappings\.(\d+)\.(idpRole|localRole)/.exec(apiField);
    if (row) return `mappings.${Number(row[1])}.${row[2] as "idpRole" | "localRole"}`;
    if (apiField === "mappings" || apiField === "roles.mappings") return "mappings";
    return undefined;
  });
}

/** The options of a select: the known values, and the current one when it is no longer among them (a deleted attribute or role). */
export function optionsWith(known: readonly string[], current: readonly string[]): string[] {
  return [...known, ...current.filter((c, i) => c && !known.includes(c) && current.indexOf(c) === i)];
}

// ---------------------------------------------------------------------------------------------------- JIT

/** WSO2 IS 7's wording of the schemes */
export const JIT_SCHEME_LABELS: Record<JitScheme, string> = {
  PROMPT_USERNAME_PASSWORD_CONSENT: "Prompt for username, password and consent",
  PROMPT_PASSWORD_CONSENT: "Prompt for password and consent",
  PROMPT_CONSENT: "Prompt for consent",
  PROVISION_SILENTLY: "Provision silently",
};

export const ATTRIBUTE_SYNC_LABELS: Record<AttributeSyncMethod, { label: string; hint: string }> = {
  OVERRIDE_ALL: { label: "Override all", hint: "The identity provider's values replace the local ones at every sign-in." },
  PRESERVE_LOCAL: { label: "Preserve local", hint: "The identity provider's values fill only attributes that have no local value." },
  NONE: { label: "None", hint: "Attributes are set when the user is created and never updated from the identity provider." },
};

export const FAILURE_POLICIES = [
  { value: "FAIL", label: "Fail the sign-in", hint: "The user sees a page that says why; nothing is created." },
  { value: "CONTINUE", label: "Continue the sign-in", hint: "An already linked user signs in without the update; a new user still cannot." },
] as const;

export const jitFormSchema = z.object({
  enabled: z.boolean(),
  userStore: z.string().min(1, "Choose a user store"),
  scheme: z.enum(JIT_SCHEMES),
  associateLocalUser: z.boolean(),
  attributeSync: z.enum(ATTRIBUTE_SYNC_METHODS),
  syncExceptions: z.array(z.string()).max(200, "At most 200 attributes"),
  onFailure: z.enum(["FAIL", "CONTINUE"]),
});
export type JitForm = z.output<typeof jitFormSchema>;
export type JitField = keyof JitForm;

export const jitToForm = (jit: FederationDetail["provisioning"]["jit"]): JitForm => ({
  enabled: jit.isEnabled,
  userStore: jit.userstore,
  scheme: jit.scheme,
  associateLocalUser: jit.associateLocalUser,
  attributeSync: jit.attributeSyncMethod,
  syncExceptions: [...jit.attributeSyncExceptions],
  onFailure: jit.onFailure,
});

export const jitToBody = (form: JitForm) => ({
  isEnabled: form.enabled,
  scheme: form.scheme,
  userstore: form.userStore,
  associateLocalUser: form.associateLocalUser,
  attributeSyncMethod: form.attributeSync,
  attributeSyncExceptions: form.syncExceptions,
  onFailure: form.onFailure,
});

const JIT_FIELDS: Record<string, JitField> = {
  isEnabled: "enabled",
  userstore: "userStore",
  scheme: "scheme",
  associateLocalUser: "associateLocalUser",
  attributeSyncMethod: "attributeSync",
  attributeSyncExceptions: "syncExceptions",
  onFailure: "onFailure",
};

export function jitErrors(fieldErrors: Record<string, string>): PlacedErrors<JitField> {
  return place(fieldErrors, (apiField) => {
    const name = apiField.replace(/^provisioning\.jit\./, "").split(".")[0];
    return Object.hasOwn(JIT_FIELDS, name) ? JIT_FIELDS[name] : undefined;
  });
}

/** A list with `value` added at its end or taken out: checkbox lists whose order matters. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  const without = list.filter((v) => v !== value);
  return on ? [...without, value] : without;
}
