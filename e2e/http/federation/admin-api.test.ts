import { describe, expect, it } from "vitest";
import { OAuthBrowser, describeLanding } from "../../support/oauth-browser";
import { authorizationRequest, createFederatedConnection, expectFailurePage, OIDC_AUTHENTICATOR_ID, unique, useFederationWorld, wso2ConnectionBody } from "./setup";

const IDPS = "/api/server/v1/identity-providers";

describe("the federation settings through the admin API, in WSO2 IS 7's shape", () => {
  const world = useFederationWorld("sqlite");

  it("creates a connection from WSO2's body, returns every part but the secret, and replaces each part on its own path", async () => {
    const roleName = unique("Federated staff");
    expect((await world.a.admin.scim("POST", "/Roles", { schemas: ["urn:ietf:params:scim:schemas:extension:2.0:Role"], displayName: roleName })).status).toBe(201);
    const name = unique("IDP-");
    const created = await world.a.admin.api(
      "POST",
      IDPS,
      wso2ConnectionBody(name, world.idp, {
        certificate: { jwksUri: `${world.idp.issuer}/jwks` },
        claims: {
          userIdClaim: { uri: "email" },
          roleClaim: { uri: "groups" },
          mappings: [{ idpClaim: "dept", localClaim: { uri: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department" } }],
        },
        roles: { mappings: [{ idpRole: "staff", localRole: roleName }] },
        provisioning: { jit: { isEnabled: true, scheme: "PROMPT_CONSENT", userstore: "primary", associateLocalUser: true, attributeSyncMethod: "PRESERVE_LOCAL" } },
      }),
    );
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain(world.idp.clientSecret);
    expect(created.body).toMatchObject({
      name,
      callbackUrl: `${world.a.server.baseUrl}/commonauth`,
      idpIssuerName: world.idp.issuer,
      certificate: { jwksUri: `${world.idp.issuer}/jwks` },
      federatedAuthenticators: {
        defaultAuthenticatorId: OIDC_AUTHENTICATOR_ID,
        authenticators: [{ authenticatorId: OIDC_AUTHENTICATOR_ID, name: "OpenIDConnectAuthenticator", isEnabled: true, clientSecretSet: true }],
      },
      claims: { userIdClaim: { uri: "email" }, roleClaim: { uri: "groups" } },
      roles: { mappings: [{ idpRole: "staff", localRole: roleName }] },
      provisioning: { jit: { isEnabled: true, scheme: "PROMPT_CONSENT", userstore: "PRIMARY", associateLocalUser: true, attributeSyncMethod: "PRESERVE_LOCAL", onFailure: "FAIL" } },
    });
    const props = Object.fromEntries(created.body.federatedAuthenticators.authenticators[0].properties.map((p: { key: string; value: string }) => [p.key, p.value]));
    expect(props).toMatchObject({ ClientId: world.idp.clientId, DiscoveryUrl: world.idp.discoveryUrl, Scopes: "openid profile email", callbackUrl: `${world.a.server.baseUrl}/commonauth` });
    expect(props.ClientSecret).toBeUndefined();

    // a script's read-modify-write without the secret keeps it
    const authenticatorPath = `${IDPS}/${id}/federated-authenticators/${OIDC_AUTHENTICATOR_ID}`;
    const current = (await world.a.admin.api("GET", authenticatorPath)).body;
    const renamed = await world.a.admin.api("PUT", authenticatorPath, {
      isEnabled: true,
      properties: current.properties
        .filter((p: { key: string }) => p.key !== "callbackUrl")
        .map((p: { key: string; value: string }) => (p.key === "Scopes" ? { key: p.key, value: "openid email" } : p)),
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ clientSecretSet: true });
    expect(renamed.body.properties).toContainEqual({ key: "Scopes", value: "openid email" });

    const jit = await world.a.admin.api("PUT", `${IDPS}/${id}/provisioning/jit`, { isEnabled: false });
    expect(jit.body).toMatchObject({ isEnabled: false, scheme: "PROVISION_SILENTLY" });
    const claims = await world.a.admin.api("PUT", `${IDPS}/${id}/claims`, { mappings: [] });
    expect(claims.body).toEqual({ userIdClaim: { uri: "sub" }, roleClaim: { uri: "" }, mappings: [] });
    expect((await world.a.admin.api("GET", `${IDPS}/${id}/roles`)).body).toEqual({ mappings: [{ idpRole: "staff", localRole: roleName }] });
    expect((await world.a.admin.api("GET", `${IDPS}/${id}/federated-authenticators`)).body.authenticators).toHaveLength(1);

    const locals = await world.a.admin.api("GET", `${IDPS}/meta/local-claims`);
    expect(locals.body).toContainEqual({ uri: "name.givenName" });
  });

  it("refuses settings that name what does not exist, and creates nothing then", async () => {
    const before = (await world.a.admin.api("GET", IDPS)).body.length;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ claims: { mappings: [{ idpClaim: "x", localClaim: { uri: "shoeSize" } }] } }, /shoeSize/],
      [{ roles: { mappings: [{ idpRole: "x", localRole: "No such role" }] } }, /No such role/],
      [{ provisioning: { jit: { isEnabled: true, userstore: "NOWHERE" } } }, /NOWHERE/],
      [{ provisioning: { jit: { isEnabled: true, scheme: "ASK_NICELY" } } }, /scheme/],
    ];
    for (const [extra, message] of bad) {
      const res = await world.a.admin.api("POST", IDPS, wso2ConnectionBody(unique("IDP-bad-"), world.idp, extra));
      expect(res.status, res.text).toBe(400);
      expect(res.text).toMatch(message);
    }
    const wrongUrl = await world.a.admin.api("POST", IDPS, {
      name: unique("IDP-url-"),
      federatedAuthenticators: { authenticators: [{ authenticatorId: OIDC_AUTHENTICATOR_ID, properties: [{ key: "OAuth2TokenEPUrl", value: "ftp://idp.example/token" }] }] },
    });
    expect(wrongUrl.status).toBe(400);
    expect((await world.a.admin.api("GET", IDPS)).body.length).toBe(before + 1);
    const id = (await createFederatedConnection(world)).id;
    expect((await world.a.admin.api("GET", `${IDPS}/${id}/federated-authenticators/T3RoZXI`)).status).toBe(404);
  });

  it("offers only the connections an application's login flow chooses", async () => {
    const chosen = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true } } });
    const other = await createFederatedConnection(world, { provisioning: { jit: { isEnabled: true } } });
    const flowPath = `/api/server/v1/applications/${world.rp.id}/login-flow`;
    expect((await world.a.admin.api("GET", flowPath)).body).toEqual({ loginFlow: null });
    const set = await world.a.admin.api("PUT", flowPath, { loginFlow: { local: false, connections: [chosen.id] } });
    expect(set.status, set.text).toBe(200);
    expect((await world.a.admin.api("PUT", flowPath, { loginFlow: { local: false, connections: [] } })).status).toBe(400);

    const browser = new OAuthBrowser();
    const signin = await browser.open((await authorizationRequest(world)).url);
    if (signin.kind !== "signin") throw new Error(describeLanding(signin));
    const page = await (await browser.request(signin.url)).text();
    expect(page).toContain(`Sign in with ${chosen.name}`);
    expect(page).not.toContain(`Sign in with ${other.name}`);
    expect(page).not.toContain('name="password"');
    // a connection the application does not offer cannot be used by editing the link
    expectFailurePage(await browser.navigate(new URL(`/commonauth/start?connection=${other.id}&interaction=${signin.interaction}`, world.a.server.baseUrl)), "not_configured");
    expect((await world.a.admin.api("PUT", flowPath, { loginFlow: null })).body).toEqual({ loginFlow: null });
  });
});
