import { describe, expect, it } from "vitest";
import { authenticatorPutInput, claimsInput, jitInput, rolesInput, OIDC_AUTHENTICATOR_ID } from "../admin-api/schemas/federation.ts";
import {
  claimsErrors,
  claimsFormSchema,
  claimsToBody,
  claimsToForm,
  jitErrors,
  jitFormSchema,
  jitToBody,
  jitToForm,
  oidcSettingsErrors,
  oidcSettingsFormSchema,
  oidcSettingsToBody,
  oidcSettingsToForm,
  optionsWith,
  rolesErrors,
  rolesToBody,
  rolesToForm,
  toggled,
  type FederationDetail,
  type OidcSettingsForm,
} from "./federation-forms.ts";

const noAuthenticator = { federatedAuthenticators: { defaultAuthenticatorId: null, authenticators: [] }, idpIssuerName: "", certificate: { jwksUri: "" } };

const configured: Pick<FederationDetail, "federatedAuthenticators" | "idpIssuerName" | "certificate"> = {
  federatedAuthenticators: {
    defaultAuthenticatorId: OIDC_AUTHENTICATOR_ID,
    authenticators: [
      {
        authenticatorId: OIDC_AUTHENTICATOR_ID,
        name: "OpenIDConnectAuthenticator",
        isEnabled: false,
        isDefault: true,
        clientSecretSet: true,
        properties: [
          { key: "ClientId", value: "provisio" },
          { key: "OAuth2AuthzEPUrl", value: "https://idp.example.com/authorize" },
          { key: "OAuth2TokenEPUrl", value: "https://idp.example.com/token" },
          { key: "UserInfoUrl", value: "" },
          { key: "Scopes", value: "openid email" },
          { key: "DiscoveryUrl", value: "" },
          { key: "TokenEndpointAuthMethod", value: "client_secret_post" },
          { key: "callbackUrl", value: "https://provisio.example.com/commonauth" },
        ],
      },
    ],
  },
  idpIssuerName: "https://idp.example.com",
  certificate: { jwksUri: "https://idp.example.com/jwks" },
};

const validSettings = (over: Partial<OidcSettingsForm> = {}): OidcSettingsForm => ({ ...oidcSettingsToForm(configured), enabled: true, ...over });

describe("the Settings tab's OpenID Connect form", () => {
  it("starts a connection without an authenticator enabled, with WSO2's default scopes and no secret", () => {
    expect(oidcSettingsToForm(noAuthenticator)).toEqual({
      enabled: true,
      clientId: "",
      clientSecret: "",
      clientSecretSet: false,
      discoveryUrl: "",
      issuer: "",
      authorizationEndpoint: "",
      tokenEndpoint: "",
      userinfoEndpoint: "",
      jwksUri: "",
      scopes: "openid profile email",
      tokenEndpointAuthMethod: "client_secret_basic",
    });
  });

  it("reads the properties, the issuer and the JWKS URI; the secret field stays empty", () => {
    expect(oidcSettingsToForm(configured)).toMatchObject({
      enabled: false,
      clientId: "provisio",
      clientSecret: "",
      clientSecretSet: true,
      issuer: "https://idp.example.com",
      authorizationEndpoint: "https://idp.example.com/authorize",
      jwksUri: "https://idp.example.com/jwks",
      scopes: "openid email",
      tokenEndpointAuthMethod: "client_secret_post",
    });
  });

  it("sends a body the admin API accepts, with the secret only when one was typed", () => {
    const kept = oidcSettingsToBody(validSettings());
    expect(kept.properties.map((p) => p.key)).not.toContain("ClientSecret");
    expect(kept).toMatchObject({ isEnabled: true, idpIssuerName: "https://idp.example.com", certificate: { jwksUri: "https://idp.example.com/jwks" } });
    expect(kept.properties).toContainEqual({ key: "OAuth2TokenEPUrl", value: "https://idp.example.com/token" });
    expect(authenticatorPutInput.safeParse(kept).success).toBe(true);
    const replaced = oidcSettingsToBody(validSettings({ clientSecret: "new secret" }));
    expect(replaced.properties).toContainEqual({ key: "ClientSecret", value: "new secret" });
    // the round trip: what the API returns after saving reads back as the form sent
    expect(oidcSettingsToForm(configured)).toEqual({ ...validSettings(), enabled: false });
  });

  it("needs a client id, a secret (typed or stored) and a discovery URL or every endpoint, only when enabled", () => {
    const problems = (form: OidcSettingsForm) => (oidcSettingsFormSchema.safeParse(form).error?.issues ?? []).map((i) => i.path.join("."));
    const empty = oidcSettingsToForm(noAuthenticator);
    expect(problems(empty)).toEqual(["clientId", "clientSecret", "issuer", "authorizationEndpoint", "tokenEndpoint", "jwksUri"]);
    expect(problems({ ...empty, enabled: false })).toEqual([]);
    expect(problems({ ...empty, clientId: "c", clientSecret: "s", discoveryUrl: "https://idp.example.com/.well-known/openid-configuration" })).toEqual([]);
    expect(problems(validSettings())).toEqual([]);
    expect(problems(validSettings({ clientSecretSet: false }))).toEqual(["clientSecret"]);
    expect(problems(validSettings({ jwksUri: "ftp://idp.example.com/keys", scopes: "profile" }))).toEqual(["jwksUri", "scopes"]);
  });

  it("puts the API's field errors on the fields: stored settings, body properties and the connection's issuer and JWKS URI", () => {
    const body = oidcSettingsToBody(validSettings({ clientSecret: "s" }));
    const scopesAt = body.properties.findIndex((p) => p.key === "Scopes");
    expect(
      oidcSettingsErrors(
        {
          "oidc.discoveryUrl": "Enter an http(s) URL",
          [`properties.${scopesAt}.value`]: "Too long",
          "certificate.jwksUri": "Too long",
          idpIssuerName: "Too long",
          authenticatorId: "Unknown",
          "oidc.constructor": "odd",
        },
        body,
      ),
    ).toEqual([
      { field: "discoveryUrl", message: "Enter an http(s) URL" },
      { field: "scopes", message: "Too long" },
      { field: "jwksUri", message: "Too long" },
      { field: "issuer", message: "Too long" },
      { field: "root", message: "Unknown" },
      { field: "root", message: "odd" },
    ]);
  });
});

describe("the Attributes tab's forms", () => {
  it("offers sub, preferred_username and email as subject claims, and any other one as text", () => {
    const claims = { userIdClaim: { uri: "sub" }, roleClaim: { uri: "" }, mappings: [] };
    expect(claimsToForm(claims)).toEqual({ subjectClaim: "sub", subjectClaimOther: "", roleClaim: "", mappings: [] });
    expect(claimsToForm({ ...claims, userIdClaim: { uri: "email" } }).subjectClaim).toBe("email");
    expect(claimsToForm({ ...claims, userIdClaim: { uri: "oid" } })).toMatchObject({ subjectClaim: "other", subjectClaimOther: "oid" });
    expect(claimsToForm({ ...claims, userIdClaim: { uri: "other" } })).toMatchObject({ subjectClaim: "other", subjectClaimOther: "other" });
    expect(claimsToForm({ ...claims, userIdClaim: { uri: "" } }).subjectClaim).toBe("sub");
    expect(claimsFormSchema.safeParse({ subjectClaim: "other", subjectClaimOther: "", roleClaim: "", mappings: [] }).error?.issues[0].path).toEqual(["subjectClaimOther"]);
  });

  it("maps claims and roles to WSO2's bodies and back", () => {
    const form = {
      subjectClaim: "other" as const,
      subjectClaimOther: "employee_id",
      roleClaim: "groups",
      mappings: [{ idpClaim: "dept", localAttribute: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", required: true }],
    };
    const body = claimsToBody(form);
    expect(body).toEqual({
      userIdClaim: { uri: "employee_id" },
      roleClaim: { uri: "groups" },
      mappings: [{ idpClaim: "dept", localClaim: { uri: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department" }, required: true }],
    });
    expect(claimsInput.safeParse(body).success).toBe(true);
    expect(claimsToForm(body)).toEqual(form);
    const roles = { mappings: [{ idpRole: "engineering", localRole: "developer" }] };
    expect(rolesToBody(rolesToForm(roles))).toEqual(roles);
    expect(rolesInput.safeParse(rolesToBody(rolesToForm(roles))).success).toBe(true);
  });

  it("puts the API's errors on the mapping rows", () => {
    const form = claimsToForm({ userIdClaim: { uri: "oid" }, roleClaim: { uri: "" }, mappings: [] });
    expect(
      claimsErrors({ "mappings.2.localClaim.uri": "Too long", "mappings.0.idpClaim": "Required", "userIdClaim.uri": "Too long", "claims.mappings": '"x" is not a local attribute' }, form),
    ).toEqual([
      { field: "mappings.2.localAttribute", message: "Too long" },
      { field: "mappings.0.idpClaim", message: "Required" },
      { field: "subjectClaimOther", message: "Too long" },
      { field: "mappings", message: '"x" is not a local attribute' },
    ]);
    expect(rolesErrors({ "roles.mappings": 'Role "x" does not exist', "mappings.1.idpRole": "Required", _: "Invalid" })).toEqual([
      { field: "mappings", message: 'Role "x" does not exist' },
      { field: "mappings.1.idpRole", message: "Required" },
      { field: "root", message: "Invalid" },
    ]);
  });

  it("keeps a stored value that is no longer offered among a select's options", () => {
    expect(optionsWith(["a", "b"], ["b", "gone", "gone", ""])).toEqual(["a", "b", "gone"]);
  });
});

describe("the Just-in-Time Provisioning tab's form", () => {
  const jit = {
    isEnabled: true,
    scheme: "PROMPT_CONSENT" as const,
    userstore: "PARTNERS",
    associateLocalUser: true,
    attributeSyncMethod: "PRESERVE_LOCAL" as const,
    attributeSyncExceptions: ["emails.value"],
    onFailure: "CONTINUE" as const,
  };

  it("round-trips WSO2's body", () => {
    const form = jitToForm(jit);
    expect(form).toEqual({
      enabled: true,
      scheme: "PROMPT_CONSENT",
      userStore: "PARTNERS",
      associateLocalUser: true,
      attributeSync: "PRESERVE_LOCAL",
      syncExceptions: ["emails.value"],
      onFailure: "CONTINUE",
    });
    expect(jitFormSchema.parse(form)).toEqual(form);
    expect(jitToBody(form)).toEqual(jit);
    expect(jitInput.parse(jitToBody(form))).toEqual(jit);
  });

  it("puts the API's errors on the fields", () => {
    expect(jitErrors({ "provisioning.jit.userstore": 'User store domain "X" does not exist', "attributeSyncExceptions.3": "Too long", scheme: "Invalid", toString: "odd" })).toEqual([
      { field: "userStore", message: 'User store domain "X" does not exist' },
      { field: "syncExceptions", message: "Too long" },
      { field: "scheme", message: "Invalid" },
      { field: "root", message: "odd" },
    ]);
  });

  it("adds a checked value at the end of a list and takes an unchecked one out", () => {
    expect(toggled(["a", "b"], "c", true)).toEqual(["a", "b", "c"]);
    expect(toggled(["a", "b"], "a", true)).toEqual(["b", "a"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
  });
});
