import type { Sql, SqlExecutor } from "@/lib/db/sql";
import type { Actor } from "@/lib/identity/audit";
import { IdentityError } from "@/lib/identity/errors";
import type { AttemptQuery } from "@/lib/provisioning/log";
import { listProvisioners, updateProvisioner, type ProvisionerView } from "@/lib/provisioning/provisioners";
import { attemptQuerySchema, provisionerUpdate } from "@/lib/admin-api/schemas/outbound-provisioning";

/** A provisioner through the service provider it belongs to: another one's id is not found here. */
export async function provisionerOf(exec: SqlExecutor, serviceProviderId: string, provisionerId: string): Promise<ProvisionerView> {
  const found = (await listProvisioners(exec, serviceProviderId)).find((p) => p.id === provisionerId);
  if (!found) throw IdentityError.notFound("Outbound provisioner");
  return found;
}

const connectorIdOnly = provisionerUpdate.pick({ connectorId: true });

export async function updateOwnProvisioner(sql: Sql, serviceProviderId: string, provisionerId: string, body: unknown, actor: Actor): Promise<ProvisionerView> {
  const current = await provisionerOf(sql, serviceProviderId, provisionerId);
  // a changed connector is the first thing to refuse: no other setting would make that change valid
  const { connectorId } = connectorIdOnly.parse(body);
  if (connectorId !== undefined && connectorId !== current.connectorId) {
    throw IdentityError.invalid("The connector of a provisioner cannot change: remove it and add one for the other connector", "connectorId");
  }
  const { connectorId: _same, ...settings } = provisionerUpdate.parse(body);
  return updateProvisioner(sql, provisionerId, settings, actor);
}

/** The log's filters from a query string; numbers that are not numbers fall back to the defaults. */
export function attemptQueryFrom(url: URL): AttemptQuery {
  // the first value of a repeated parameter, as URLSearchParams.get reads it
  const params = Object.fromEntries([...new Set(url.searchParams.keys())].map((key) => [key, url.searchParams.get(key)!]));
  return attemptQuerySchema.parse(params);
}
