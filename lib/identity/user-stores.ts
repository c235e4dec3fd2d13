import type { Db, Tx } from "../db/client.ts";
import { IdentityError } from "./errors.ts";
import { PRIMARY_DOMAIN } from "./qualified-name.ts";

export interface UserStoreView {
  id: string;
  domain: string;
  description: string;
  primary: boolean;
  readOnly: boolean;
}

export async function listUserStores(client: Db | Tx): Promise<UserStoreView[]> {
  const rows = await client.userStore.findMany({ orderBy: [{ primary: "desc" }, { domain: "asc" }] });
  return rows.map(({ id, domain, description, primary, readOnly }) => ({ id, domain, description, primary, readOnly }));
}

/** The store for a domain name; an unknown domain is the caller's mistake, not a missing resource. */
export async function storeForDomain(client: Db | Tx, domain: string | undefined, field = "userName"): Promise<{ id: string; domain: string; readOnly: boolean }> {
  const wanted = (domain ?? PRIMARY_DOMAIN).toUpperCase();
  const store = await client.userStore.findUnique({ where: { domain: wanted }, select: { id: true, domain: true, readOnly: true } });
  if (!store) throw IdentityError.invalid(`User store domain "${wanted}" does not exist`, field);
  if (store.readOnly) throw IdentityError.invalid(`User store domain "${wanted}" is read-only`, field);
  return store;
}
