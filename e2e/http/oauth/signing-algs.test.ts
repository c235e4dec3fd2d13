import { describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { createSql } from "@/lib/db/sql";
import { restartProvisio, startProvisio, stopAndRemove } from "../../support/provisio";
import { ScimClient } from "../../support/scim-client";
import { OAuthBrowser } from "../../support/oauth-browser";
import { DIALECTS, databaseFor } from "../databases";
import { SCHEMAS, bearer, clientCredentialsToken, createApplication, expectScim, tokenRequest, unique, useOAuthServer } from "./setup";

const SCOPE = "internal_user_mgt_list";

async function jwks(baseUrl: string): Promise<JSONWebKeySet> {
  const res = await fetch(`${baseUrl}/oauth2/jwks`);
  expect(res.status).toBe(200);
  return (await res.json()) as JSONWebKeySet;
}

describe.each(DIALECTS)("token signing algorithms on %s", (dialect) => {
  const ctx = useOAuthServer(dialect);
  const m2m = (extra: Record<string, unknown> = {}) => createApplication(ctx.admin, { name: unique("Signing agent "), kind: "m2m", scopes: [SCOPE], ...extra });

  it("publishes an ES256 (P-256) and an RS256 key", async () => {
    const { keys } = await jwks(ctx.server.baseUrl);
    expect(keys.map((k) => [k.alg, k.kty, k.crv]).sort()).toEqual([
      ["ES256", "EC", "P-256"],
      ["RS256", "RSA", undefined],
    ]);
    for (const key of keys) expect(key).not.toHaveProperty("d");
  });

  it.each([
    { setting: {}, alg: "ES256", stored: "ES256" },
    { setting: { accessTokenSigningAlg: "RS256" }, alg: "RS256", stored: "RS256" },
    { setting: { accessTokenSigningAlg: "ES256" }, alg: "ES256", stored: "ES256" },
  ])("signs the access tokens of an application set to $setting with $alg, verifiable with the JWKS, and SCIM takes them", async ({ setting, alg, stored }) => {
    const app = await m2m(setting);
    expect(app.accessTokenSigningAlg).toBe(stored);
    const token = await clientCredentialsToken(ctx.server.baseUrl, app, SCOPE);
    const { protectedHeader, payload } = await jwtVerify(token, createLocalJWKSet(await jwks(ctx.server.baseUrl)), {
      issuer: ctx.server.baseUrl,
      audience: `${ctx.server.baseUrl}/scim2`,
      algorithms: [alg],
    });
    expect(protectedHeader).toMatchObject({ alg, typ: "at+jwt" });
    expect(payload.client_id).toBe(app.clientId);
    expectScim(await ctx.admin.scim("GET", "/Users?count=1", undefined, bearer(token)), 200);
  });

  it("switches an application's algorithm for the tokens issued after the change, and keeps the earlier ones valid", async () => {
    const app = await m2m();
    const before = await clientCredentialsToken(ctx.server.baseUrl, app, SCOPE);
    const patched = await ctx.admin.api("PATCH", `/api/server/v1/applications/${app.id}`, { accessTokenSigningAlg: "RS256", idTokenSignedResponseAlg: "ES256" });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ accessTokenSigningAlg: "RS256", idTokenSignedResponseAlg: "ES256" });
    const after = await clientCredentialsToken(ctx.server.baseUrl, app, SCOPE);
    expect([decodeProtectedHeader(before).alg, decodeProtectedHeader(after).alg]).toEqual(["ES256", "RS256"]);
    for (const token of [before, after]) expectScim(await ctx.admin.scim("GET", "/Users?count=1", undefined, bearer(token)), 200);
  });

  it.each([
    { setting: {}, alg: "RS256" },
    { setting: { idTokenSignedResponseAlg: "ES256" }, alg: "ES256" },
  ])("signs the ID tokens of an application set to $setting with $alg", async ({ setting, alg }) => {
    const redirectUri = "https://rp.example.test/callback";
    const app = await createApplication(ctx.admin, { name: unique("Signing RP "), kind: "web", redirectUris: [redirectUri], scopes: ["openid"], ...setting });
    const username = unique("signing.user");
    const password = `pw ${username} 1!`;
    expectScim(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: username, password }), 201);
    const verifier = randomBytes(32).toString("base64url");
    const authorize = new URL("/oauth2/authorize", ctx.server.baseUrl);
    const query = { client_id: app.clientId, redirect_uri: redirectUri, response_type: "code", scope: "openid", state: "s", nonce: "n" };
    for (const [name, value] of Object.entries(query)) authorize.searchParams.set(name, value);
    authorize.searchParams.set("code_challenge", createHash("sha256").update(verifier).digest("base64url"));
    authorize.searchParams.set("code_challenge_method", "S256");
    const callback = await new OAuthBrowser().authorize(authorize, { username, password });
    const code = callback.searchParams.get("code");
    expect(code, callback.href).toEqual(expect.any(String));
    const tokens = await tokenRequest(ctx.server.baseUrl, {
      grant_type: "authorization_code",
      code: code!,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    const { protectedHeader, payload } = await jwtVerify(tokens.body.id_token, createLocalJWKSet(await jwks(ctx.server.baseUrl)), {
      issuer: ctx.server.baseUrl,
      audience: app.clientId,
      algorithms: [alg],
    });
    expect(protectedHeader.alg).toBe(alg);
    expect(payload.nonce).toBe("n");
  });

  it("refuses an unknown algorithm with a field error", async () => {
    const res = await ctx.admin.api("POST", "/api/server/v1/applications", { name: unique("Bad alg "), kind: "m2m", accessTokenSigningAlg: "HS256" });
    expect(res.status, res.text).toBe(400);
    expect(Object.keys(res.body.fieldErrors ?? {})).toContain("accessTokenSigningAlg");
  });
});

describe.each(DIALECTS)("a key set from before ES256 on %s", (dialect) => {
  it("gains an ES256 key on start, keeps its RS256 key for the applications that choose it", async () => {
    let server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    try {
      // what a deployment from before ES256 has: its one RS256 key
      const db = createSql(server.databaseUrl);
      await server.stop();
      await db.run(`DELETE FROM "SigningKey" WHERE "alg" <> ?`, ["RS256"]);
      const [rsa] = await db.all<{ kid: string }>(`SELECT "kid" FROM "SigningKey"`);
      server = await restartProvisio(server);
      const after = await db.all<{ kid: string; alg: string }>(`SELECT "kid", "alg" FROM "SigningKey" ORDER BY "alg"`);
      await db.close();
      expect(after).toEqual([
        { kid: expect.any(String), alg: "ES256" },
        { kid: rsa.kid, alg: "RS256" },
      ]);
      const published = await jwks(server.baseUrl);
      expect(published.keys.map((k) => k.kid).sort()).toEqual(after.map((k) => k.kid).sort());

      const admin = new ScimClient(server.baseUrl);
      for (const [setting, alg] of [
        ["RS256", "RS256"],
        [undefined, "ES256"],
      ] as const) {
        const app = await createApplication(admin, { name: unique("Upgraded agent "), kind: "m2m", scopes: [SCOPE], ...(setting ? { accessTokenSigningAlg: setting } : {}) });
        const token = await clientCredentialsToken(server.baseUrl, app, SCOPE);
        const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(published), { issuer: server.baseUrl, audience: `${server.baseUrl}/scim2` });
        expect(protectedHeader.alg).toBe(alg);
        if (alg === "RS256") expect(protectedHeader.kid).toBe(rsa.kid);
        expectScim(await admin.scim("GET", "/Users?count=1", undefined, bearer(token)), 200);
      }
    } finally {
      await stopAndRemove(server);
    }
  });
});
