import { beforeAll, describe, expect, it } from "vitest";
import * as client from "openid-client";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { DIALECTS } from "../databases";
import { OAuthBrowser, describeLanding } from "../../support/oauth-browser";
import { SCHEMAS, basicClient, bearer, createApplication, eventually, expectScimError, oidcRows, putSetting, tokenRequest, unique, useOAuthServer, type Application } from "./setup";

const REDIRECT_URI = "https://rp.example.test/callback";
const insecure = { execute: [client.allowInsecureRequests] };

describe.each(DIALECTS)("OpenID Connect on %s", (dialect) => {
  const ctx = useOAuthServer(dialect);
  let app: Application;
  let config: client.Configuration;

  /** A user with a password, as an administrator provisions one over SCIM. */
  async function user(prefix: string) {
    const username = unique(prefix);
    const password = `pw ${username} 1!`;
    const res = await ctx.admin.scim("POST", "/Users", {
      schemas: [SCHEMAS.user],
      userName: username,
      password,
      name: { givenName: "Ola", familyName: "Nordmann" },
      emails: [{ value: `${username.toLowerCase()}@example.com`, primary: true }],
    });
    expect(res.status, res.text).toBe(201);
    return { id: res.body.id as string, username, password };
  }

  /** Everything an authorization request needs, PKCE always on (the provider requires it). */
  async function authorizationRequest(scope: string, extra: Record<string, string> = {}, cfg = config) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(cfg, {
      redirect_uri: REDIRECT_URI,
      scope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
      ...extra,
    });
    return { url, verifier, state, nonce };
  }

  async function signedInCode(scope: string, who: { username: string; password: string }, extra: Record<string, string> = {}) {
    const request = await authorizationRequest(scope, extra);
    const callback = await new OAuthBrowser().authorize(request.url, who);
    expect(callback.searchParams.get("error"), callback.href).toBeNull();
    return { ...request, callback };
  }

  const me = (token: string) => ctx.admin.scim("GET", "/Me", undefined, bearer(token));

  beforeAll(async () => {
    app = await createApplication(ctx.admin, {
      name: unique("Relying Party "),
      kind: "web",
      redirectUris: [REDIRECT_URI],
      scopes: ["openid", "profile", "email", "offline_access", "internal_user_mgt_view", "internal_user_mgt_update"],
      // openid-client authenticates with client_secret_post unless told otherwise
      tokenEndpointAuthMethod: "client_secret_post",
    });
    config = await client.discovery(new URL(ctx.server.baseUrl), app.clientId, app.clientSecret, undefined, insecure);
  });

  it("completes authorization code with PKCE for a SCIM-provisioned user, ID token and userinfo included", async () => {
    const alice = await user("oidc.alice");
    const { url, verifier, state, nonce, callback } = await signedInCode("openid profile email", alice);
    expect(url.pathname).toBe("/oauth2/authorize");
    expect(callback.searchParams.get("state")).toBe(state);
    // RFC 9207: the issuer in the response, so a client talking to several providers cannot be mixed up
    expect(callback.searchParams.get("iss")).toBe(ctx.server.baseUrl);

    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: ctx.server.baseUrl, aud: app.clientId, sub: alice.id, nonce });

    // openid-client checks the claims; the signature against the published keys is checked here as well
    const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
    const { protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: ctx.server.baseUrl, audience: app.clientId });
    expect(protectedHeader.alg).toBe("RS256");

    const info = await client.fetchUserInfo(config, tokens.access_token, alice.id);
    expect(info).toMatchObject({ sub: alice.id, preferred_username: alice.username, given_name: "Ola", family_name: "Nordmann", email: `${alice.username.toLowerCase()}@example.com` });
  });

  it("publishes the same discovery document under the token endpoint, usable by openid-client", async () => {
    const root = await (await fetch(`${ctx.server.baseUrl}/.well-known/openid-configuration`)).json();
    const underToken = await fetch(`${ctx.server.baseUrl}/oauth2/token/.well-known/openid-configuration`);
    expect(underToken.status).toBe(200);
    expect(await underToken.json()).toEqual(root);
    expect(root).toMatchObject({
      issuer: ctx.server.baseUrl,
      authorization_endpoint: `${ctx.server.baseUrl}/oauth2/authorize`,
      token_endpoint: `${ctx.server.baseUrl}/oauth2/token`,
      jwks_uri: `${ctx.server.baseUrl}/oauth2/jwks`,
      userinfo_endpoint: `${ctx.server.baseUrl}/oauth2/userinfo`,
      revocation_endpoint: `${ctx.server.baseUrl}/oauth2/revoke`,
    });
    expect(root.code_challenge_methods_supported).toContain("S256");
    // exactly what an application can use: the code flow, secret-based client authentication
    expect(root.response_types_supported).toEqual(["code"]);
    expect([...root.grant_types_supported].sort()).toEqual(["authorization_code", "client_credentials", "refresh_token"]);
    expect(root.token_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "client_secret_post"]);

    const viaToken = await client.discovery(new URL(`${ctx.server.baseUrl}/oauth2/token/.well-known/openid-configuration`), app.clientId, app.clientSecret, undefined, insecure);
    expect(viaToken.serverMetadata().issuer).toBe(ctx.server.baseUrl);
    // a client configured this way signs users in just the same
    const bob = await user("oidc.bob");
    const request = await authorizationRequest("openid", {}, viaToken);
    const callback = await new OAuthBrowser().authorize(request.url, bob);
    const tokens = await client.authorizationCodeGrant(viaToken, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    expect(tokens.claims()!.sub).toBe(bob.id);
  });

  it("ends the userinfo and refresh tokens issued before the client secret was regenerated", async () => {
    const rp = await createApplication(ctx.admin, {
      name: unique("Rotating RP "),
      kind: "web",
      redirectUris: [REDIRECT_URI],
      scopes: ["openid", "profile", "offline_access"],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    const rpConfig = await client.discovery(new URL(ctx.server.baseUrl), rp.clientId, rp.clientSecret, undefined, insecure);
    const dora = await user("oidc.dora");
    const request = await authorizationRequest("openid profile offline_access", { prompt: "consent" }, rpConfig);
    const callback = await new OAuthBrowser().authorize(request.url, dora);
    const tokens = await client.authorizationCodeGrant(rpConfig, callback, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const userinfo = (token: string) => fetch(`${ctx.server.baseUrl}/oauth2/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    expect((await userinfo(tokens.access_token)).status).toBe(200);

    // refresh tokens carry their issue time in whole seconds: the regeneration must fall in a later second
    await new Promise((r) => setTimeout(r, 1_100));
    const regenerated = await ctx.admin.api("POST", `/api/server/v1/applications/${rp.id}/regenerate-secret`);
    expect(regenerated.status, regenerated.text).toBe(200);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    const withNewSecret = await client.discovery(new URL(ctx.server.baseUrl), rp.clientId, regenerated.body.clientSecret as string, undefined, insecure);
    const refresh = await client.refreshTokenGrant(withNewSecret, tokens.refresh_token!).catch((e: unknown) => e);
    expect(refresh).toBeInstanceOf(client.ResponseBodyError);
    expect((refresh as client.ResponseBodyError).error).toBe("invalid_grant");
  });

  it("issues a SCIM token for a user that reads /Me, and a refreshed one that does too", async () => {
    const carol = await user("oidc.carol");
    const { verifier, state, nonce, callback } = await signedInCode("openid internal_user_mgt_view offline_access", carol, { prompt: "consent" });
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    expect(tokens.scope?.split(" ")).toEqual(expect.arrayContaining(["internal_user_mgt_view"]));
    expect(tokens.refresh_token).toEqual(expect.any(String));

    // RFC 9068: a JWT for the SCIM API, issued to the client on behalf of the user
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ iss: ctx.server.baseUrl, aud: `${ctx.server.baseUrl}/scim2`, sub: carol.id, client_id: app.clientId });

    const self = await me(tokens.access_token);
    expect(self.status, self.text).toBe(200);
    expect(self.body).toMatchObject({ id: carol.id, userName: carol.username });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const again = await me(refreshed.access_token);
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(carol.id);

    // the token carries only what the user holds: this user has no user-management role
    const list = await ctx.admin.scim("GET", "/Users", undefined, bearer(refreshed.access_token));
    expectScimError(list, 403);

    // consent to reading the account is not consent to changing or deleting it
    const patch = await ctx.admin.scim("PATCH", "/Me", { schemas: [SCHEMAS.patch], Operations: [{ op: "replace", path: "displayName", value: "Changed" }] }, bearer(refreshed.access_token));
    expectScimError(patch, 403);
    expectScimError(await ctx.admin.scim("DELETE", "/Me", undefined, bearer(refreshed.access_token)), 403);
    const unchanged = await ctx.admin.scim("GET", `/Users/${carol.id}`);
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.displayName).toBeUndefined();
  });

  it("lets a token the user consented to for changes update their own account through /Me", async () => {
    const kim = await user("oidc.kim");
    const { verifier, state, nonce, callback } = await signedInCode("openid internal_user_mgt_view internal_user_mgt_update", kim);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    const patch = await ctx.admin.scim("PATCH", "/Me", { schemas: [SCHEMAS.patch], Operations: [{ op: "replace", path: "displayName", value: "Kim Self" }] }, bearer(tokens.access_token));
    expect(patch.status, patch.text).toBe(200);
    expect(patch.body).toMatchObject({ id: kim.id, displayName: "Kim Self" });
    // /Me asks for no role, so another user's account stays out of reach
    expectScimError(await ctx.admin.scim("GET", "/Users", undefined, bearer(tokens.access_token)), 403);
  });

  it("returns access_denied to the client when the user declines consent", async () => {
    const dan = await user("oidc.dan");
    const request = await authorizationRequest("openid profile");
    const callback = await new OAuthBrowser().authorize(request.url, dan, "deny");
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(request.state);
    expect(callback.searchParams.has("code")).toBe(false);
  });

  describe("refuses bad input with the standard error and issues nothing", () => {
    it("an unknown client", async () => {
      const before = await oidcRows(ctx.db);
      const res = await tokenRequest(ctx.server.baseUrl, { grant_type: "client_credentials" }, basicClient("no-such-client", "secret"));
      expect(res).toMatchObject({ status: 401, body: { error: "invalid_client" } });
      expect(res.body.access_token).toBeUndefined();

      // at the authorization endpoint the user sees an error page: with no client there is nowhere to redirect
      const url = new URL(`${ctx.server.baseUrl}/oauth2/authorize`);
      url.search = new URLSearchParams({
        client_id: "no-such-client",
        response_type: "code",
        scope: "openid",
        redirect_uri: REDIRECT_URI,
        code_challenge: "x".repeat(43),
        code_challenge_method: "S256",
      }).toString();
      const landing = await new OAuthBrowser().open(url);
      expect(landing.kind, describeLanding(landing)).toBe("page");
      expect(landing.kind === "page" && landing.status).toBe(400);
      expect(landing.kind === "page" && landing.body).toContain("invalid_client");
      expect(await oidcRows(ctx.db)).toEqual(before);
    });

    it("a wrong client secret", async () => {
      const erin = await user("oidc.erin");
      const { verifier, state, nonce, callback } = await signedInCode("openid", erin);
      const before = await oidcRows(ctx.db);
      const wrong = await client.discovery(new URL(ctx.server.baseUrl), app.clientId, "not-the-secret", undefined, insecure);
      const failure = await client.authorizationCodeGrant(wrong, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(client.ResponseBodyError);
      expect(failure).toMatchObject({ error: "invalid_client", status: 401 });
      expect(await oidcRows(ctx.db)).toEqual(before);
      // the code was not spent on the failed attempt: the real client still redeems it
      const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      expect(tokens.claims()!.sub).toBe(erin.id);
    });

    it("a redirect_uri that is not registered", async () => {
      const before = await oidcRows(ctx.db);
      const request = await authorizationRequest("openid", { redirect_uri: "https://evil.example.test/callback" });
      const browser = new OAuthBrowser();
      const landing = await browser.navigate(request.url);
      // never a redirect to the unregistered address, not even with an error
      expect(landing.kind, describeLanding(landing)).toBe("page");
      expect(landing.kind === "page" && landing.status).toBe(400);
      expect(landing.kind === "page" && landing.body).toContain("redirect_uri");
      expect(await oidcRows(ctx.db)).toEqual(before);
    });

    it("a wrong PKCE verifier", async () => {
      const fay = await user("oidc.fay");
      const { state, nonce, callback } = await signedInCode("openid internal_user_mgt_view", fay);
      const before = await oidcRows(ctx.db);
      const failure = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: state, expectedNonce: nonce }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(client.ResponseBodyError);
      expect(failure).toMatchObject({ error: "invalid_grant", status: 400 });
      expect(await oidcRows(ctx.db)).toEqual(before);
    });

    it("a replayed code, which also ends what the code issued the first time (RFC 6749 section 4.1.2)", async () => {
      const gus = await user("oidc.gus");
      const { verifier, state, nonce, callback } = await signedInCode("openid internal_user_mgt_view offline_access", gus, { prompt: "consent" });
      const first = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
      expect((await me(first.access_token)).status).toBe(200);

      const replay = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce }).catch((e: unknown) => e);
      expect(replay).toBeInstanceOf(client.ResponseBodyError);
      expect(replay).toMatchObject({ error: "invalid_grant", status: 400 });

      const afterReplay = await eventually(
        () => me(first.access_token),
        (r) => r.status === 401,
        3_000,
      );
      expectScimError(afterReplay, 401);
      const refresh = await client.refreshTokenGrant(config, first.refresh_token!).catch((e: unknown) => e);
      expect(refresh).toMatchObject({ error: "invalid_grant" });
    });
  });

  it("sends a wrong password back to the sign-in page, and locks the account by the server's rules", async () => {
    await putSetting(ctx.admin, "accountLock", { enabled: true, maxFailedAttempts: 3, lockMinutes: 5 });
    try {
      const hal = await user("oidc.hal");
      const request = await authorizationRequest("openid");
      const browser = new OAuthBrowser();
      const signin = await browser.open(request.url);
      expect(signin.kind, describeLanding(signin)).toBe("signin");
      if (signin.kind !== "signin") return;

      const first = await browser.signIn(signin, hal.username, "wrong password");
      expect(first).toMatchObject({ kind: "signin", interaction: signin.interaction, error: "invalid" });
      // the same request can still be completed with the right password
      const second = await browser.signIn(first, hal.username, "wrong again");
      expect(second).toMatchObject({ kind: "signin", error: "invalid" });
      const third = await browser.signIn(second, hal.username, "and again");
      expect(third).toMatchObject({ kind: "signin", error: "locked" });
      const right = await browser.signIn(third, hal.username, hal.password);
      expect(right).toMatchObject({ kind: "signin", error: "locked" });

      // the lock is the account's, not the flow's: Basic authentication is refused too
      const basic = await ctx.admin.as({ user: hal.username, password: hal.password }).scim("GET", "/Me");
      expectScimError(basic, 401);

      // below the limit, the right password still goes through after a wrong one
      const ivy = await user("oidc.ivy");
      const retry = await authorizationRequest("openid");
      const other = new OAuthBrowser();
      const wrong = await other.signIn(await other.open(retry.url), ivy.username, "wrong password");
      expect(wrong).toMatchObject({ kind: "signin", error: "invalid" });
      let landing = await other.signIn(wrong, ivy.username, ivy.password);
      if (landing.kind === "consent") landing = await other.decide(landing, true);
      expect(landing.kind, describeLanding(landing)).toBe("callback");
      const tokens = await client.authorizationCodeGrant(config, landing.url, { pkceCodeVerifier: retry.verifier, expectedState: retry.state, expectedNonce: retry.nonce });
      expect(tokens.claims()!.sub).toBe(ivy.id);
    } finally {
      await putSetting(ctx.admin, "accountLock", { enabled: true, maxFailedAttempts: 5, lockMinutes: 15 });
    }
  });
});
