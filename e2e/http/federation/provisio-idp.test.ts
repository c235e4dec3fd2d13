import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as client from "openid-client";
import { OAuthBrowser, describeLanding } from "../../support/oauth-browser";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ScimClient } from "../../support/scim-client";
import { RP_REDIRECT, unique, wso2ConnectionBody } from "./setup";

const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

/**
 * WSO2's federation tutorial with Provisio on both sides: B is the identity provider, A signs B's users in
 * through connection IDP-B and creates them just in time, and A's application provisions them on to C.
 */
describe("one Provisio as the federated identity provider of another", () => {
  let a: ProvisioInstance, b: ProvisioInstance, c: ProvisioInstance;
  let adminA: ScimClient, adminB: ScimClient, adminC: ScimClient;

  beforeAll(async () => {
    [a, b, c] = await Promise.all([startProvisio(), startProvisio(), startProvisio()]);
    adminA = new ScimClient(a.baseUrl);
    adminB = new ScimClient(b.baseUrl);
    adminC = new ScimClient(c.baseUrl);
  });
  afterAll(async () => {
    for (const s of [a, b, c]) {
      if (!s) continue;
      await s.stop();
      removeDataDir(s.dataDir);
    }
  });

  it("signs a user of B in to A's application, creates it in A with B's claims, and provisions it to C", async () => {
    // B registers a web application for A, with A's /commonauth as its redirect URI
    const forA = await adminB.api("POST", "/api/server/v1/applications", {
      name: "Provisio A",
      kind: "web",
      redirectUris: [`${a.baseUrl}/commonauth`],
      scopes: ["openid", "profile", "email"],
    });
    expect(forA.status, forA.text).toBe(201);
    const kim = { username: unique("kim."), password: "Kim-Password-1" };
    const created = await adminB.scim("POST", "/Users", {
      schemas: [SCIM_USER],
      userName: kim.username,
      password: kim.password,
      name: { givenName: "Kim", familyName: "Berg" },
      emails: [{ value: `${kim.username}@b.example`, primary: true }],
    });
    expect(created.status, created.text).toBe(201);

    // A: connection IDP-B through B's discovery document, JIT silently into PRIMARY
    const idp = await adminA.api(
      "POST",
      "/api/server/v1/identity-providers",
      wso2ConnectionBody(
        "IDP-B",
        { discoveryUrl: `${b.baseUrl}/.well-known/openid-configuration`, issuer: b.baseUrl, clientId: forA.body.clientId, clientSecret: forA.body.clientSecret },
        { provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY", userstore: "PRIMARY" } } },
      ),
    );
    expect(idp.status, idp.text).toBe(201);
    expect(idp.body.callbackUrl).toBe(`${a.baseUrl}/commonauth`);
    expect(JSON.stringify(idp.body)).not.toContain(forA.body.clientSecret);

    // A: the relying party, whose outbound provisioner to C has JIT enabled
    const rp = await adminA.api("POST", "/api/server/v1/applications", {
      name: "Shop",
      kind: "web",
      redirectUris: [RP_REDIRECT],
      scopes: ["openid", "profile"],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    expect(rp.status, rp.text).toBe(201);
    const toC = await adminA.api("POST", "/api/server/v1/identity-providers", { name: "C" });
    const connector = await adminA.api("PUT", `/api/server/v1/identity-providers/${toC.body.id}/connectors/scim2`, {
      config: { userEndpoint: `${c.baseUrl}/scim2/Users`, groupEndpoint: `${c.baseUrl}/scim2/Groups`, authType: "basic", username: "admin", password: "admin" },
    });
    expect(connector.status, connector.text).toBe(201);
    const provisioner = await adminA.api("POST", `/api/server/v1/applications/${rp.body.id}/outbound-provisioning`, { connectorId: connector.body.id, jitEnabled: true, blocking: true });
    expect(provisioner.status, provisioner.text).toBe(201);

    // the user signs in to the shop: A's sign-in page, "Sign in with IDP-B", B's sign-in and consent, back
    const config = await client.discovery(new URL(a.baseUrl), rp.body.clientId, rp.body.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT,
      scope: "openid profile",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "s1",
      nonce: "n1",
    });
    const browser = new OAuthBrowser();
    const signin = await browser.open(url);
    if (signin.kind !== "signin") throw new Error(describeLanding(signin));
    expect(await (await browser.request(signin.url)).text()).toContain("Sign in with IDP-B");
    let landing = await browser.navigate(new URL(`/commonauth/start?connection=${idp.body.id}&interaction=${signin.interaction}`, a.baseUrl));
    expect(landing.kind === "signin" && landing.url.origin, describeLanding(landing)).toBe(b.baseUrl);
    landing = await browser.signIn(landing, kim.username, kim.password);
    if (landing.kind === "consent" && landing.url.origin === b.baseUrl) landing = await browser.decide(landing, true);
    if (landing.kind === "consent") landing = await browser.decide(landing, true);
    if (landing.kind !== "callback") throw new Error(describeLanding(landing));
    const tokens = await client.authorizationCodeGrant(config, landing.url, { pkceCodeVerifier: verifier, expectedState: "s1", expectedNonce: "n1" });
    const subject = tokens.claims()!.sub;

    const inA = await adminA.api("GET", `/api/server/v1/users/${subject}`);
    expect(inA.body).toMatchObject({
      userName: kim.username,
      name: { givenName: "Kim", familyName: "Berg" },
      emails: [{ value: `${kim.username}@b.example`, primary: true }],
      source: "jit",
      sourceConnection: idp.body.id,
      sourceSubject: created.body.id,
    });

    // the provisioner is blocking: the account exists in C by the time the user is back at the application
    const inC = await adminC.scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${kim.username}"`)}`);
    expect(inC.body.totalResults).toBe(1);
    expect(inC.body.Resources[0]).toMatchObject({ name: { givenName: "Kim", familyName: "Berg" } });
    const attempts = await adminA.api("GET", `/api/server/v1/provisioning/users/${subject}`);
    expect(attempts.body.connectors).toEqual([expect.objectContaining({ connectionName: "C", lastAttempt: expect.objectContaining({ status: "success", operation: "create" }) })]);
  });
});
