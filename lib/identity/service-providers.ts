import type { SqlExecutor } from "../db/sql.ts";
import { asBool } from "../db/values.ts";
import { RESIDENT_SP_ID } from "./seed.ts";
import { cacheOf } from "../db/instance-state.ts";
import { config } from "../env.ts";
import type { Columns } from "../generated/tables.ts";

/** What a service provider decides about changes it initiates (WSO2's inbound provisioning configuration). */
export interface InboundSettings {
  serviceProviderId: string;
  name: string;
  /** user store domain for creates without a domain prefix */
  userStore: string;
  /** do not persist, only provision outbound */
  proxyMode: boolean;
}

// one cache per instance, shared by the fast path and Next's route handlers alike
const cacheIn = (exec: SqlExecutor) => cacheOf(exec.state, "inbound-settings", () => new Map<string, { at: number; settings: InboundSettings | undefined }>());
const TTL_MS = 5_000;
const ttlMs = () => config().settingsCacheMs ?? TTL_MS;

export function invalidateInboundSettings(exec: SqlExecutor) {
  cacheIn(exec).clear();
}

/** Cached briefly: read on every SCIM request, changed rarely, and other instances pick up changes within seconds. */
export async function inboundSettings(exec: SqlExecutor, serviceProviderId = RESIDENT_SP_ID): Promise<InboundSettings | undefined> {
  const cache = cacheIn(exec);
  const hit = cache.get(serviceProviderId);
  if (hit && Date.now() - hit.at < ttlMs()) return hit.settings;
  const row = await exec.get<Columns<"ServiceProvider", "id" | "name" | "inboundUserStore" | "proxyMode">>(
    `SELECT "id", "name", "inboundUserStore", "proxyMode" FROM "ServiceProvider" WHERE "id" = ?`,
    [serviceProviderId],
  );
  const settings = row ? { serviceProviderId: row.id, name: row.name, userStore: row.inboundUserStore, proxyMode: asBool(row.proxyMode) } : undefined;
  cache.set(serviceProviderId, { at: Date.now(), settings });
  return settings;
}

export async function updateInboundSettings(exec: SqlExecutor, serviceProviderId: string, change: { userStore?: string; proxyMode?: boolean }): Promise<void> {
  const sets: string[] = [];
  const params: (string | boolean | Date)[] = [];
  if (change.userStore !== undefined) {
    sets.push(`"inboundUserStore" = ?`);
    params.push(change.userStore.toUpperCase());
  }
  if (change.proxyMode !== undefined) {
    sets.push(`"proxyMode" = ?`);
    params.push(change.proxyMode);
  }
  if (!sets.length) return;
  await exec.run(`UPDATE "ServiceProvider" SET ${sets.join(", ")}, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [...params, new Date(), serviceProviderId]);
  invalidateInboundSettings(exec);
}
