import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair, importJWK, type JWTPayload } from "jose";
import { loadSigningKeys } from "@/lib/oauth/keys";
import { DIALECTS } from "../databases";
import {
  SCHEMAS,
  basicClient,
  bearer,
  clientCredentialsToken,
  createApplication,
  ensureUserStore,
  eventually,
  expectScim,
  expectScimError,
  tokenRequest,
  unique,
  useOAuthServer,
  userCount,
  type Application,
} from "./setup";

const STORE = "PARTNERS";
const AGENT_SCOPES = ["internal_user_mgt_create", "internal_user_mgt_view", "internal_user_mgt_list"];

describe.each(DIALECTS)("SCIM with OAuth bearer tokens on %s", (dialect) => {
  const ctx = useOAuthServer(dialect);
  /** a provisioning agent whose creates go to a secondary store */
  let agent: Application;

  const m2m = (name: string, scopes: string[], extra: Record<string, unknown> = {}) => createApplication(ctx.admin, { name: unique(name), kind: "m2m", scopes, ...extra });
  const asBearer = (token: string, method: string, path: string, body?: Record<string, unknown>) => ctx.admin.scim(method, path, body, bearer(token));
  const newUser = (userName: string) => ({ schemas: [SCHEMAS.user], userName });
  /** the claims of an access token the server would issue to `app`, for tokens built by the test itself */
  const claimsFor = (app: Application, scope: string): JWTPayload => ({
    iss: ctx.server.baseUrl,
    aud: `${ctx.server.baseUrl}/scim2`,
    client_id: app.clientId,
    sub: app.clientId,
    scope,
    jti: randomUUID(),
  });

  beforeAll(async () => {
    await ensureUserStore(ctx.admin, STORE);
    agent = await m2m("Provisioning Agent ", AGENT_SCOPES);
    const inbound = await ctx.admin.api("PUT", `/api/server/v1/applications/${agent.id}/inbound-provisioning`, { userStore: STORE, proxyMode: false });
    expect(inbound.status, inbound.text).toBe(200);
    expect(inbound.body).toEqual({ userStore: STORE, proxyMode: false });
  });

  it("creates users without a domain in the application's inbound store, and Basic creates in PRIMARY", async () => {
    const token = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_create internal_user_mgt_view");
    expect(decodeJwt(token)).toMatchObject({ client_id: agent.clientId, aud: `${ctx.server.baseUrl}/scim2` });

    const viaToken = unique("agent.made");
    const created = await asBearer(token, "POST", "/Users", newUser(viaToken));
    expectScim(created, 201);
    expect(created.body.userName).toBe(`${STORE}/${viaToken}`);
    const read = await ctx.admin.scim("GET", `/Users/${created.body.id}`);
    expect(read.body.userName).toBe(`${STORE}/${viaToken}`);

    // the resident service provider's default applies to Basic authentication
    const viaBasic = unique("admin.made");
    const basic = await ctx.admin.scim("POST", "/Users", newUser(viaBasic));
    expectScim(basic, 201);
    expect(basic.body.userName).toBe(viaBasic);

    // a domain in the name still wins over the application's default
    const explicit = unique("explicit");
    const primary = await asBearer(token, "POST", "/Users", newUser(`PRIMARY/${explicit}`));
    expectScim(primary, 201);
    expect(primary.body.userName).toBe(explicit);
  });

  it("answers an operation the token's scopes do not cover with a 403 SCIM error, and changes nothing", async () => {
    const viewOnly = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_view");
    const before = await userCount(ctx.db);
    const refused = await asBearer(viewOnly, "POST", "/Users", newUser(unique("not.made")));
    expectScimError(refused, 403);
    expect(await userCount(ctx.db)).toBe(before);
    expectScimError(await asBearer(viewOnly, "GET", "/Users?count=1"), 403);

    // a scope the application was never given is refused at the token endpoint already
    const beyond = await tokenRequest(ctx.server.baseUrl, { grant_type: "client_credentials", scope: "internal_user_mgt_delete" }, basicClient(agent.clientId, agent.clientSecret));
    expect(beyond).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
    expect(beyond.body.access_token).toBeUndefined();
  });

  it("refuses /Me to an application's token: there is no user behind it", async () => {
    const token = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_view");
    expectScimError(await asBearer(token, "GET", "/Me"), 403);
  });

  it("refuses forged, tampered and expired tokens with 401", async () => {
    const real = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_list");
    expectScim(await asBearer(real, "GET", "/Users?count=1"), 200);
    const { kid } = decodeProtectedHeader(real);
    const header = { alg: "RS256", typ: "at+jwt", kid };
    const now = Math.floor(Date.now() / 1000);

    // right shape and claims, the server's key id, someone else's key
    const { privateKey: stranger } = await generateKeyPair("RS256");
    const forged = await new SignJWT(claimsFor(agent, "internal_user_mgt_list"))
      .setProtectedHeader(header)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(stranger);
    expectScimError(await asBearer(forged, "GET", "/Users?count=1"), 401);

    // a real token with more scope written into it
    const [h, payload, signature] = real.split(".");
    const widened = { ...JSON.parse(Buffer.from(payload, "base64url").toString()), scope: AGENT_SCOPES.join(" ") };
    const tampered = [h, Buffer.from(JSON.stringify(widened)).toString("base64url"), signature].join(".");
    expectScimError(await asBearer(tampered, "POST", "/Users", newUser(unique("tampered"))), 401);

    const unsigned = [Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url"), payload, ""].join(".");
    expectScimError(await asBearer(unsigned, "GET", "/Users?count=1"), 401);
    expectScimError(await asBearer("not-a-jwt", "GET", "/Users?count=1"), 401);

    // signed with the server's own key, so only the expiry can be what refuses it
    const [signing] = (await loadSigningKeys(ctx.db, ctx.secret)).filter((k) => !k.retired);
    const serverKey = await importJWK(signing.jwk, "RS256");
    const sign = (iat: number, exp: number) =>
      new SignJWT(claimsFor(agent, "internal_user_mgt_list"))
        .setProtectedHeader({ ...header, kid: signing.kid })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(serverKey);
    expectScim(await asBearer(await sign(now, now + 600), "GET", "/Users?count=1"), 200);
    expectScimError(await asBearer(await sign(now - 1200, now - 600), "GET", "/Users?count=1"), 401);
  });

  it("stops accepting a token within seconds of its RFC 7009 revocation, and only its own client may revoke it", async () => {
    const token = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_list");
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);
    const revoke = (auth: string) =>
      fetch(`${ctx.server.baseUrl}/oauth2/revoke`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
        body: new URLSearchParams({ token, token_type_hint: "access_token" }),
      });

    // another client's revocation gets RFC 7009's 200 and no effect
    const bystander = await m2m("Bystander ", ["internal_user_mgt_list"]);
    expect((await revoke(basicClient(bystander.clientId, bystander.clientSecret))).status).toBe(200);
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);

    const unauthenticated = await revoke(basicClient(agent.clientId, "wrong"));
    expect(unauthenticated.status).toBe(401);
    expect((await unauthenticated.json()).error).toBe("invalid_client");
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);

    expect((await revoke(basicClient(agent.clientId, agent.clientSecret))).status).toBe(200);
    const after = await eventually(
      () => asBearer(token, "GET", "/Users?count=1"),
      (r) => r.status === 401,
      3_000,
    );
    expectScimError(after, 401);
    // the client's other tokens are untouched
    expectScim(await asBearer(await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_list"), "GET", "/Users?count=1"), 200);
  });

  it("ends tokens issued before a secret regeneration, and the old secret with them", async () => {
    const app = await m2m("Rotating ", ["internal_user_mgt_list"]);
    const old = await clientCredentialsToken(ctx.server.baseUrl, app, "internal_user_mgt_list");
    expectScim(await asBearer(old, "GET", "/Users?count=1"), 200);

    const regenerated = await ctx.admin.api("POST", `/api/server/v1/applications/${app.id}/regenerate-secret`);
    expect(regenerated.status, regenerated.text).toBe(200);
    const secret = regenerated.body.clientSecret as string;
    expect(secret).toEqual(expect.any(String));
    expect(secret).not.toBe(app.clientSecret);

    // an agent that rotates and fetches a token at once must get one that keeps working once the change has
    // reached the bearer check, even within the same second as the rotation
    const fresh = await clientCredentialsToken(ctx.server.baseUrl, { clientId: app.clientId, clientSecret: secret }, "internal_user_mgt_list");
    const withOld = await tokenRequest(ctx.server.baseUrl, { grant_type: "client_credentials", scope: "internal_user_mgt_list" }, basicClient(app.clientId, app.clientSecret));
    expect(withOld).toMatchObject({ status: 401, body: { error: "invalid_client" } });

    // the regeneration ends the old tokens at once (it used to take up to the bearer check's 3 s cache)
    expectScimError(await asBearer(old, "GET", "/Users?count=1"), 401);
    expectScim(await asBearer(fresh, "GET", "/Users?count=1"), 200);
  });

  it("ends the tokens of a deleted application", async () => {
    const app = await m2m("Short Lived ", ["internal_user_mgt_list"]);
    const token = await clientCredentialsToken(ctx.server.baseUrl, app, "internal_user_mgt_list");
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);
    const deleted = await ctx.admin.api("DELETE", `/api/server/v1/applications/${app.id}`);
    expect(deleted.status, deleted.text).toBe(204);
    expectScimError(await asBearer(token, "GET", "/Users?count=1"), 401);
    const again = await tokenRequest(ctx.server.baseUrl, { grant_type: "client_credentials", scope: "internal_user_mgt_list" }, basicClient(app.clientId, app.clientSecret));
    expect(again).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("applies a change of the application's scopes to its tokens at once", async () => {
    const app = await m2m("Narrowed ", ["internal_user_mgt_list", "internal_user_mgt_view"]);
    const token = await clientCredentialsToken(ctx.server.baseUrl, app, "internal_user_mgt_list internal_user_mgt_view");
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);
    const narrowed = await ctx.admin.api("PATCH", `/api/server/v1/applications/${app.id}`, { scopes: ["internal_user_mgt_view"] });
    expect(narrowed.status, narrowed.text).toBe(200);
    expectScimError(await asBearer(token, "GET", "/Users?count=1"), 403);
  });

  it("grants the application's configured permissions to a client credentials request without scope", async () => {
    const app = await m2m("Scopeless Request ", ["internal_user_mgt_list", "internal_user_mgt_view"]);
    const res = await tokenRequest(ctx.server.baseUrl, { grant_type: "client_credentials" }, basicClient(app.clientId, app.clientSecret));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(String(res.body.scope).split(" ").sort()).toEqual(["internal_user_mgt_list", "internal_user_mgt_view"]);
    expectScim(await asBearer(res.body.access_token, "GET", "/Users?count=1"), 200);
    // what the application is not configured for stays out of reach
    expectScimError(await asBearer(res.body.access_token, "POST", "/Users", newUser(unique("not.allowed"))), 403);
  });

  it("keeps Basic authentication working alongside bearer tokens", async () => {
    const token = await clientCredentialsToken(ctx.server.baseUrl, agent, "internal_user_mgt_list internal_user_mgt_view");
    const mixed = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? ctx.admin.scim("GET", "/Users?count=1") : asBearer(token, "GET", "/Users?count=1"))));
    for (const res of mixed) expectScim(res, 200);
    // a refused token does not taint the Basic credentials, nor the other way round
    expectScimError(await asBearer("forged.token.value", "GET", "/Users?count=1"), 401);
    expectScim(await ctx.admin.scim("GET", "/Users?count=1"), 200);
    expectScimError(await ctx.admin.as({ user: "admin", password: "not-admin" }).scim("GET", "/Users?count=1"), 401);
    expectScim(await asBearer(token, "GET", "/Users?count=1"), 200);
    // the admin API takes both as well, each held to its own permissions
    expect((await ctx.admin.api("GET", "/api/server/v1/userstores")).status).toBe(200);
    const viaToken = await ctx.admin.request("GET", "/api/server/v1/userstores", undefined, bearer(token));
    expect(viaToken.status, viaToken.text).toBe(403);
  });
});
