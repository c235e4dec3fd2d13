import type { SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { IdentityError } from "./errors.ts";
import { PRIMARY_DOMAIN } from "./qualified-name.ts";

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
const cache = new Map<string, { at: number; store: UserStoreView | undefined }>();
const TTL_MS = 5_000;

export function invalidateUserStores() {
  cache.clear();
}

export async function findStore(exec: SqlExecutor, domain: string): Promise<UserStoreView | undefined> {
  const key = domain.toUpperCase();
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
