import type { Sql } from "../db/sql.ts";
import { cacheOf } from "../db/instance-state.ts";
import { applicationByClientId, applicationVersion } from "../identity/applications.ts";

export type ClientApplication = NonNullable<Awaited<ReturnType<typeof applicationByClientId>>>;

const appsOf = (sql: Sql) => cacheOf(sql.state, "oauth-applications", () => new Map<string, ClientApplication>());
const MAX_APPS = 10_000;

/**
 * The application owning a client id as it is now, on whichever instance asks: every change that bears on its
 * tokens (a new secret, its scopes, grant types or signing algorithms, its inbound settings, its deletion) bumps
 * the row's version in the same write, so one indexed read of the version decides whether the parsed copy kept
 * here still holds. The token endpoint and the bearer check both read clients through it. A cache with a
 * lifetime would let an old secret or withdrawn scope through for that long.
 */
export async function currentApplication(sql: Sql, clientId: string): Promise<ClientApplication | undefined> {
  const apps = appsOf(sql);
  const version = await applicationVersion(sql, clientId);
  if (version === undefined) {
    apps.delete(clientId);
    return undefined;
  }
  const hit = apps.get(clientId);
  if (hit && hit.version === version) return hit;
  const app = await applicationByClientId(sql, clientId);
  if (!app) return undefined;
  if (apps.size >= MAX_APPS) apps.delete(apps.keys().next().value!);
  apps.set(clientId, app);
  return app;
}
