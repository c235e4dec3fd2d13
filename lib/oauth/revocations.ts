import type { Sql } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import type { Columns } from "../generated/tables.ts";

// Access tokens live at most a day; a revocation entry needs to outlive the tokens it blocks, no longer.
const KEEP_MS = 24 * 60 * 60 * 1000;
const REFRESH_MS = 2_000;

interface Revocations {
  known: Set<string>;
  loadedAt: number;
  loading?: Promise<void>;
}
const revocationsOf = (sql: Sql) => cacheOf(sql.state, "token-revocations", (): Revocations => ({ known: new Set(), loadedAt: 0 }));

async function record(sql: Sql, key: string) {
  revocationsOf(sql).known.add(key);
  await sql.run(`INSERT INTO "TokenRevocation" ("key", "expiresAt", "createdAt") VALUES (?, ?, ?) ON CONFLICT ("key") DO NOTHING`, [key, new Date(Date.now() + KEEP_MS), new Date()]);
}

export const revokeGrant = (sql: Sql, grantId: string) => record(sql, `grant:${grantId}`);
export const revokeTokenId = (sql: Sql, jti: string) => record(sql, `jti:${jti}`);

/**
 * The bearer check's view of revocations: an in-memory set refreshed from the database every two seconds, so
 * checking a token costs a set lookup and a revocation on another instance applies within that interval.
 */
export async function isRevoked(sql: Sql, keys: string[]): Promise<boolean> {
  const state = revocationsOf(sql);
  if (Date.now() - state.loadedAt > REFRESH_MS) {
    state.loading ??= (async () => {
      const rows = await sql.all<Columns<"TokenRevocation", "key">>(`SELECT "key" FROM "TokenRevocation" WHERE "expiresAt" > ?`, [new Date()]);
      state.known = new Set(rows.map((r) => r.key));
      state.loadedAt = Date.now();
    })().finally(() => {
      state.loading = undefined;
    });
    await state.loading;
  }
  return keys.some((k) => state.known.has(k));
}
