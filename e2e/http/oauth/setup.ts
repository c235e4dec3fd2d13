import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, type Json } from "../../support/scim-client";
import { createSql, type Sql } from "@/lib/db/sql";
import { databaseFor, type Dialect } from "../databases";

export { expectScimError, expectScim, unique, ensureUserStore, putSetting, SCHEMAS } from "../scim/setup";

export interface OAuthServer {
  server: ProvisioInstance;
  /** admin/admin over Basic, who holds every permission */
  admin: ScimClient;
  /** the instance's own database, read to prove what a refused request did not leave behind */
  db: Sql;
  /** the instance's PROVISIO_SECRET, which seals its signing keys */
  secret: string;
}

/** One server per describe block (one per dialect and file). */
export function useOAuthServer(dialect: Dialect): OAuthServer {
  const ctx = { secret: `oauth-test-${randomBytes(16).toString("hex")}` } as OAuthServer;
  beforeAll(async () => {
    ctx.server = await startProvisio({ databaseUrl: await databaseFor(dialect), env: { PROVISIO_SECRET: ctx.secret } });
    ctx.admin = new ScimClient(ctx.server.baseUrl);
    ctx.db = createSql(ctx.server.databaseUrl);
  });
  afterAll(async () => {
    await ctx.db?.close();
    if (!ctx.server) return;
    await ctx.server.stop();
    removeDataDir(ctx.server.dataDir);
  });
  return ctx;
}

export interface Application {
  id: string;
  clientId: string;
  clientSecret: string;
  name: string;
  [key: string]: Json;
}

/** Creates an OAuth application through the admin API; the secret is only in this response. */
export async function createApplication(admin: ScimClient, body: Record<string, unknown>): Promise<Application> {
  const res = await admin.api("POST", "/api/server/v1/applications", body);
  expect(res.status, res.text).toBe(201);
  expect(res.body.clientId).toEqual(expect.any(String));
  expect(res.body.clientSecret).toEqual(expect.any(String));
  return res.body;
}

export const basicClient = (clientId: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;

export interface TokenResponse {
  status: number;
  body: Json;
}

/** A raw token endpoint request, so refused requests can be inspected exactly as a client sees them. */
export async function tokenRequest(baseUrl: string, params: Record<string, string>, authorization?: string): Promise<TokenResponse> {
  const res = await fetch(`${baseUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json", ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: await res.json() };
}

export async function clientCredentialsToken(baseUrl: string, app: { clientId: string; clientSecret: string }, scope: string): Promise<string> {
  const res = await tokenRequest(baseUrl, { grant_type: "client_credentials", scope }, basicClient(app.clientId, app.clientSecret));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ token_type: "Bearer", access_token: expect.any(String) });
  return res.body.access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Counts what oidc-provider persisted, by kind (Grant, AuthorizationCode, RefreshToken, Interaction, ...). */
export async function oidcRows(db: Sql): Promise<Record<string, number>> {
  const rows = await db.all<{ type: string; n: unknown }>(`SELECT "type", COUNT(*) AS "n" FROM "OidcPayload" GROUP BY "type"`);
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

export async function userCount(db: Sql): Promise<number> {
  const row = await db.get<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "User"`);
  return Number(row?.n);
}

/**
 * Retries until the check passes or the time is up: some changes reach the bearer check through short caches
 * (application settings, the revocation list), by design, rather than at once.
 */
export async function eventually<T>(check: () => Promise<T>, accept: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
