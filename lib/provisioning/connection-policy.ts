import type { Sql, SqlExecutor } from "../db/sql.ts";
import { placeholders } from "../db/values.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import { IdentityError } from "../identity/errors.ts";
import { invalidateConnectorCache } from "./connections.ts";
import { outboundPolicySchema, storedPolicy, type OutboundPolicy, type OutboundPolicyInput } from "./outbound-policy.ts";
import type { Columns } from "../generated/tables.ts";

// The connection's outbound policy column (the connections store): request limits and the deletion guard.

export async function outboundPolicyOf(exec: SqlExecutor, connectionId: string): Promise<OutboundPolicy> {
  const row = await exec.get<Columns<"Connection", "outboundPolicy">>(`SELECT "outboundPolicy" FROM "Connection" WHERE "id" = ?`, [connectionId]);
  if (!row) throw IdentityError.notFound("Connection");
  return storedPolicy(row.outboundPolicy);
}

function describe(policy: OutboundPolicy): string {
  const limits = `${policy.maxConcurrentRequests ?? "unlimited"} concurrent, ${policy.maxRequestsPerSecond ?? "unlimited"} per second`;
  const g = policy.deletionGuard;
  const guard = g.enabled ? `deletion guard ${g.threshold}${g.thresholdType === "percentage" ? "%" : ""} in ${g.windowMinutes} min` : "deletion guard off";
  return `${limits}; ${guard}; users leaving scope ${policy.deprovision === "deactivate" ? "deactivated" : "deleted"}`;
}

/** Replaces the policy; the worker of every instance sees it within a few seconds (the connection's stamp changes). */
export async function saveOutboundPolicy(sql: Sql, connectionId: string, raw: OutboundPolicyInput, actor: Actor): Promise<OutboundPolicy> {
  const policy = outboundPolicySchema.parse(raw);
  await sql.transaction(async (tx) => {
    const changed = await tx.run(`UPDATE "Connection" SET "outboundPolicy" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?`, [JSON.stringify(policy), new Date(), connectionId]);
    if (!changed) throw IdentityError.notFound("Connection");
    await recordAudit(tx, actor, { action: "connection.outbound-policy", targetType: "Connection", targetId: connectionId, summary: describe(policy) });
  });
  invalidateConnectorCache(sql);
  return policy;
}

export interface ConnectorPolicy {
  connectorId: string;
  connectorType: string;
  connectionId: string;
  connectionName: string;
  policy: OutboundPolicy;
}

/** The policy each connector works under, its connection's. Connectors that are gone are left out. */
export async function policiesOfConnectors(exec: SqlExecutor, connectorIds: string[]): Promise<Map<string, ConnectorPolicy>> {
  if (!connectorIds.length) return new Map();
  const rows = await exec.all<{ connectorId: string; connectorType: string; connectionId: string; connectionName: string; outboundPolicy: string }>(
    `SELECT k."id" AS "connectorId", k."type" AS "connectorType", c."id" AS "connectionId", c."name" AS "connectionName", c."outboundPolicy"
     FROM "Connector" k JOIN "Connection" c ON c."id" = k."connectionId" WHERE k."id" IN (${placeholders(connectorIds.length)})`,
    connectorIds,
  );
  return new Map(
    rows.map((r) => [
      r.connectorId,
      { connectorId: r.connectorId, connectorType: r.connectorType, connectionId: r.connectionId, connectionName: r.connectionName, policy: storedPolicy(r.outboundPolicy) },
    ]),
  );
}

/** The connectors of a connection. */
export async function connectorIdsOfConnection(exec: SqlExecutor, connectionId: string): Promise<string[]> {
  return (await exec.all<Columns<"Connector", "id">>(`SELECT "id" FROM "Connector" WHERE "connectionId" = ?`, [connectionId])).map((r) => r.id);
}
