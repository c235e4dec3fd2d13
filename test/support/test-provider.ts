import http from "node:http";
import type { AddressInfo } from "node:net";
import { testDatabase } from "./test-database.ts";
import type { Sql } from "../../lib/db/sql.ts";
import { ensureSigningKeys } from "../../lib/oauth/keys.ts";
import { createProvider } from "../../lib/oauth/provider.ts";

export const TEST_SECRET = "unit-test-secret-unit-test-secret-0123456";

/**
 * The OAuth provider on a migrated SQLite database, served on a free local port, for tests of what a client sees.
 * The bearer check reads the secret from the configuration, so PROVISIO_SECRET is set to the same value.
 */
export async function testProvider(): Promise<{ sql: Sql; url: string; baseUrl: string; close: () => Promise<void> }> {
  process.env.PROVISIO_SECRET = TEST_SECRET;
  const database = await testDatabase();
  let handler: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const keys = await ensureSigningKeys(database.sql, TEST_SECRET);
  handler = createProvider({ sql: database.sql, baseUrl, secret: TEST_SECRET, keys }).callback();
  return {
    sql: database.sql,
    url: database.url,
    baseUrl,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.cleanup();
    },
  };
}

export async function clientCredentials(baseUrl: string, app: { clientId: string | null; clientSecret: string }, params: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", ...params }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}
