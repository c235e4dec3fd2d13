import type { Sql } from "../db/sql.ts";

// Access tokens live at most a day; a revocation entry needs to outlive the tokens it blocks, no longer.
const KEEP_MS = 24 * 60 * 60 * 1000;
const REFRESH_MS = 2_000;

let known = new Set<string>();
let loadedAt = 0;
let loading: Promise<void> | undefined;

async function record(sql: Sql, key: string) {
  known.add(key);
  await sql.run(`INSERT INTO "TokenRevocation" ("key", "expiresAt", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO NOTHING`, [key, new Date(Date.now() + KEEP_MS), new Date()]);
}

export const revokeGrant = (sql: Sql, grantId: string) => record(sql, `grant:${grantId}`);
export const revokeTokenId = (sql: Sql, jti: string) => record(sql, `jti:${jti}`);

/**
 * The bearer check's view of revocations: an in-memory set refreshed from the database every two seconds, so
 * checking a token costs a set lookup and a revocation on another instance applies within that interval.
 */
export async function isRevoked(sql: Sql, keys: string[]): Promise<boolean> {
  if (Date.now() - loadedAt > REFRESH_MS) {
    loading ??= (async () => {
      const rows = await sql.all<{ key: string }>(`SELECT "key" FROM "TokenRevocation" WHERE "expiresAt" > ?`, [new Date()]);
      known = new Set(rows.map((r) => r.key));
      loadedAt = Date.now();
    })().finally(() => {
      loading = undefined;
    });
    await loading;
  }
  return keys.some((k) => known.has(k));
}
