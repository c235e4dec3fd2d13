import { z } from "zod";
import type { Sql, SqlExecutor } from "@/lib/db/sql";
import type { Actor } from "@/lib/identity/audit";
import { IdentityError } from "@/lib/identity/errors";
import type { AttemptQuery } from "@/lib/provisioning/log";
import { listProvisioners, updateProvisioner, type ProvisionerInput, type ProvisionerView } from "@/lib/provisioning/provisioners";

/** A provisioner through the service provider it belongs to: another one's id is not found here. */
export async function provisionerOf(exec: SqlExecutor, serviceProviderId: string, provisionerId: string): Promise<ProvisionerView> {
  const found = (await listProvisioners(exec, serviceProviderId)).find((p) => p.id === provisionerId);
  if (!found) throw IdentityError.notFound("Outbound provisioner");
  return found;
}

const updateBody = z.looseObject({ connectorId: z.string().optional() });

export async function updateOwnProvisioner(sql: Sql, serviceProviderId: string, provisionerId: string, body: unknown, actor: Actor): Promise<ProvisionerView> {
  const current = await provisionerOf(sql, serviceProviderId, provisionerId);
  const { connectorId, ...rest } = updateBody.parse(body);
  if (connectorId !== undefined && connectorId !== current.connectorId) {
    throw IdentityError.invalid("The connector of a provisioner cannot change: remove it and add one for the other connector", "connectorId");
  }
  return updateProvisioner(sql, provisionerId, rest as Omit<ProvisionerInput, "connectorId">, actor);
}

export const retryBodySchema = z.object({
  seqs: z.array(z.number().int().positive()).max(1000).optional(),
  connectorId: z.string().min(1).optional(),
});

/** The log's filters from a query string; numbers that are not numbers fall back to the defaults. */
export function attemptQueryFrom(url: URL): AttemptQuery {
  const p = url.searchParams;
  const num = (key: string, fallback: number) => {
    const n = Number(p.get(key));
    return p.has(key) && Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
  };
  const text = (key: string) => p.get(key)?.trim() || undefined;
  const since = text("since");
  const status = text("status");
  return {
    entityType: text("entityType"),
    entityId: text("entityId"),
    connectorId: text("connectorId"),
    connectionId: text("connectionId"),
    status: status
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    since: since ? new Date(since) : undefined,
    search: text("search"),
    startIndex: num("startIndex", 1),
    count: num("count", 50),
  };
}
