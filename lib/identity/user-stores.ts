import { z } from "zod";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { IdentityError, isUniqueViolation } from "./errors.ts";
import { newId } from "./ids.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { cacheOf } from "../db/instance-state.ts";
import { PRIMARY_DOMAIN } from "./qualified-name.ts";
import type { Columns } from "../generated/tables.ts";

export interface UserStoreView {
  id: string;
  domain: string;
  description: string;
  primary: boolean;
  readOnly: boolean;
}

const toView = (r: Record<string, unknown>): UserStoreView => ({
  id: String(r.id),
  domain: String(r.domain),
  description: String(r.description),
  primary: asBool(r.primary),
  readOnly: asBool(r.readOnly),
});

export async function listUserStores(exec: SqlExecutor): Promise<UserStoreView[]> {
  const rows = await exec.all(`SELECT * FROM "UserStore" ORDER BY "primary" DESC, "domain"`);
  return rows.map(toView);
}

// Stores change almost never and every write looks one up: a short cache keeps that off the hot path.
// It belongs to the instance (its state travels with the database access), so the admin API in Next's bundle
// and SCIM in the server's own module graph see one cache: a store created through one is known to the other.
const cacheIn = (exec: SqlExecutor) => cacheOf(exec.state, "user-stores", () => new Map<string, { at: number; store: UserStoreView | undefined }>());
const TTL_MS = 5_000;

export function invalidateUserStores(exec: SqlExecutor) {
  cacheIn(exec).clear();
}

export async function findStore(exec: SqlExecutor, domain: string): Promise<UserStoreView | undefined> {
  const key = domain.toUpperCase();
  const cache = cacheIn(exec);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.store;
  const row = await exec.get(`SELECT * FROM "UserStore" WHERE "domain" = ?`, [key]);
  const store = row ? toView(row) : undefined;
  cache.set(key, { at: Date.now(), store });
  return store;
}

/** The store for a domain name; an unknown domain is the caller's mistake, not a missing resource. */
export async function storeForDomain(exec: SqlExecutor, domain: string | undefined, field = "userName"): Promise<UserStoreView> {
  const wanted = (domain ?? PRIMARY_DOMAIN).toUpperCase();
  const store = await findStore(exec, wanted);
  if (!store) throw IdentityError.invalid(`User store domain "${wanted}" does not exist`, field);
  if (store.readOnly) throw IdentityError.invalid(`User store domain "${wanted}" is read-only`, field);
  return store;
}

export const userStoreInputSchema = z.object({
  domain: z
    .string()
    .trim()
    .min(1, "Domain name is required")
    .max(64)
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "Letters, digits, _ and - only, starting with a letter")
    .transform((d) => d.toUpperCase()),
  description: z.string().max(1024).default(""),
  readOnly: z.boolean().default(false),
});
export type UserStoreInput = z.input<typeof userStoreInputSchema>;

/** A secondary user store domain; names in it are written "DOMAIN/name". */
export async function createUserStore(sql: Sql, raw: UserStoreInput, actor: Actor): Promise<UserStoreView> {
  const input = userStoreInputSchema.parse(raw);
  const id = newId();
  try {
    await sql.transaction(async (tx) => {
      if (await tx.get(`SELECT 1 AS "x" FROM "UserStore" WHERE "domain" = ?`, [input.domain])) throw IdentityError.conflict(`User store "${input.domain}" already exists`, "domain");
      const now = new Date();
      await tx.run(`INSERT INTO "UserStore" ("id", "domain", "description", "primary", "readOnly", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        id,
        input.domain,
        input.description,
        false,
        input.readOnly,
        now,
        now,
      ]);
      await recordAudit(tx, actor, { action: "userstore.create", targetType: "UserStore", targetId: id, summary: input.domain });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`User store "${input.domain}" already exists`, "domain");
    throw err;
  }
  invalidateUserStores(sql);
  return (await findStore(sql, input.domain))!;
}

/** Only an empty secondary store can go: deleting users by removing their store would be a silent mass delete. */
export async function deleteUserStore(sql: Sql, domain: string, actor: Actor): Promise<void> {
  await sql.transaction(async (tx) => {
    const store = await tx.get<Columns<"UserStore", "id" | "primary">>(`SELECT "id", "primary" FROM "UserStore" WHERE "domain" = ?`, [domain.toUpperCase()]);
    if (!store) throw IdentityError.notFound(`User store "${domain}"`);
    if (asBool(store.primary)) throw IdentityError.invalid("The PRIMARY user store cannot be deleted");
    const users = await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" WHERE "storeId" = ?`, [store.id]);
    const groups = await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Group" WHERE "storeId" = ?`, [store.id]);
    if (Number(users?.n) || Number(groups?.n)) throw IdentityError.invalid(`User store "${domain}" still holds ${users?.n} users and ${groups?.n} groups`);
    await tx.run(`DELETE FROM "UserStore" WHERE "id" = ?`, [store.id]);
    await recordAudit(tx, actor, { action: "userstore.delete", targetType: "UserStore", targetId: store.id, summary: domain });
  });
  invalidateUserStores(sql);
}
