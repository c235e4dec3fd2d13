import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStandaloneProvider, type StandaloneProvider } from "@/test/support/standalone-oidc-provider";
import { expectFailurePage, OIDC_AUTHENTICATOR_ID, signInThrough, subjectAtApplication, unique, useFederationWorld } from "./setup";

/** Federation with an OpenID Connect provider that is not Provisio: a standalone oidc-provider. */
describe("federated sign-in through a standalone oidc-provider", () => {
  const world = useFederationWorld("sqlite");
  let op: StandaloneProvider;
  const client = { clientId: "provisio-a", clientSecret: "standalone-secret-1234" };

  beforeAll(async () => {
    op = await startStandaloneProvider({ ...client, redirectUri: `${world.a.server.baseUrl}/commonauth` });
  });
  afterAll(async () => {
    await op?.stop();
  });

  const connectionTo = async (properties: Array<{ key: string; value: string }>, extra: Record<string, unknown> = {}) => {
    const res = await world.a.admin.api("POST", "/api/server/v1/identity-providers", {
      name: unique("IDP-OP-"),
      federatedAuthenticators: { authenticators: [{ authenticatorId: OIDC_AUTHENTICATOR_ID, isEnabled: true, properties }] },
      provisioning: { jit: { isEnabled: true, scheme: "PROVISION_SILENTLY" } },
      ...extra,
    });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };

  it("signs in with endpoints from discovery, claims from userinfo", async () => {
    const id = await connectionTo([
      { key: "ClientId", value: client.clientId },
      { key: "ClientSecret", value: client.clientSecret },
      { key: "DiscoveryUrl", value: `${op.issuer}/.well-known/openid-configuration` },
    ]);
    const name = unique("op.user.");
    op.signInAs = `acct-${name}`;
    op.accounts.set(op.signInAs, { preferred_username: name, given_name: "Oda", family_name: "Park", email: `${name}@op.example`, email_verified: true });
    const { browser, request, landing } = await signInThrough(world, id);
    const subject = await subjectAtApplication(world, browser, landing, request);
    const user = (await world.a.admin.api("GET", `/api/server/v1/users/${subject}`)).body;
    expect(user).toMatchObject({ userName: name, name: { givenName: "Oda", familyName: "Park" }, emails: [{ value: `${name}@op.example` }], sourceSubject: `acct-${name}` });
  });

  it("signs in with endpoints configured one by one, and ends on a clear page when the provider cannot be reached", async () => {
    const id = await connectionTo(
      [
        { key: "ClientId", value: client.clientId },
        { key: "ClientSecret", value: client.clientSecret },
        { key: "OAuth2AuthzEPUrl", value: `${op.issuer}/auth` },
        { key: "OAuth2TokenEPUrl", value: `${op.issuer}/token` },
        { key: "UserInfoUrl", value: `${op.issuer}/me` },
      ],
      { idpIssuerName: op.issuer, certificate: { jwksUri: `${op.issuer}/jwks` } },
    );
    const name = unique("manual.");
    op.signInAs = `acct-${name}`;
    op.accounts.set(op.signInAs, { preferred_username: name });
    const { browser, request, landing } = await signInThrough(world, id);
    expect(await subjectAtApplication(world, browser, landing, request)).toEqual(expect.any(String));

    const down = await connectionTo([
      { key: "ClientId", value: client.clientId },
      { key: "ClientSecret", value: client.clientSecret },
      // the discard port: connections are refused at once
      { key: "DiscoveryUrl", value: "http://127.0.0.1:9/.well-known/openid-configuration" },
    ]);
    expectFailurePage((await signInThrough(world, down)).landing, "idp_unreachable");
  });
});
