import type { SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import type { Columns } from "../../generated/tables.ts";

// The remote id of each local user and group at each connector, kept for updates and deletes at the target.

export interface MappedEntity {
  connectorId: string;
  entityType: string;
  entityId: string;
}

export async function findRemoteId(exec: SqlExecutor, entity: MappedEntity): Promise<string | undefined> {
  return (
    await exec.get<Columns<"RemoteMapping", "remoteId">>(`SELECT "remoteId" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ?`, [
      entity.connectorId,
      entity.entityType,
      entity.entityId,
    ])
  )?.remoteId;
}

/** The remote id and what the target last received of the entity from this connector (undefined before any record of it). */
export async function findMapping(exec: SqlExecutor, entity: MappedEntity): Promise<{ remoteId: string; lastSent?: Record<string, unknown> } | undefined> {
  const row = await exec.get<Columns<"RemoteMapping", "remoteId" | "lastSent">>(`SELECT "remoteId", "lastSent" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ?`, [
    entity.connectorId,
    entity.entityType,
    entity.entityId,
  ]);
  if (!row) return undefined;
  return { remoteId: row.remoteId, ...(row.lastSent ? { lastSent: JSON.parse(row.lastSent) as Record<string, unknown> } : {}) };
}

export async function hasMapping(exec: SqlExecutor, connectorId: string, entityType: string, entityId: string): Promise<boolean> {
  return (await exec.get(`SELECT 1 AS "x" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ?`, [connectorId, entityType, entityId])) !== undefined;
}

/**
 * Records the remote id; `lastSent` is what the target now holds of the entity from this connector, the base of
 * the next update's delta. Without it the previous record is dropped: an unknown state must not pass for a known one.
 */
export async function rememberRemoteId(exec: SqlExecutor, entity: MappedEntity, remoteId: string, lastSent?: Record<string, unknown>): Promise<void> {
  await exec.run(
    `INSERT INTO "RemoteMapping" ("connectorId", "entityType", "entityId", "remoteId", "lastSent", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("connectorId", "entityType", "entityId") DO UPDATE SET "remoteId" = excluded."remoteId", "lastSent" = excluded."lastSent", "updatedAt" = excluded."updatedAt"`,
    [entity.connectorId, entity.entityType, entity.entityId, remoteId, lastSent ? JSON.stringify(lastSent) : null, new Date()],
  );
}

export async function forgetRemoteId(exec: SqlExecutor, entity: MappedEntity): Promise<void> {
  await exec.run(`DELETE FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ?`, [entity.connectorId, entity.entityType, entity.entityId]);
}

/** Member ids of a group as remote ids at one connector: only members already provisioned there. */
export async function remoteIdsOf(exec: SqlExecutor, connectorId: string, userIds: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < userIds.length; i += 400) {
    const chunk = userIds.slice(i, i + 400);
    const rows = await exec.all<Columns<"RemoteMapping", "remoteId">>(
      `SELECT "remoteId" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = 'User' AND "entityId" IN (${placeholders(chunk.length)})`,
      [connectorId, ...chunk],
    );
    out.push(...rows.map((r) => r.remoteId));
  }
  return out;
}

/** Everything a connector has a remote id for. */
export async function mappedEntities(exec: SqlExecutor, connectorId: string): Promise<{ entityType: string; entityId: string }[]> {
  return exec.all<Columns<"RemoteMapping", "entityType" | "entityId">>(`SELECT "entityType", "entityId" FROM "RemoteMapping" WHERE "connectorId" = ?`, [connectorId]);
}

/** A user's remote id at every connector that has one. */
export async function remoteIdsOfUser(exec: SqlExecutor, userId: string): Promise<{ connectorId: string; remoteId: string }[]> {
  return exec.all<Columns<"RemoteMapping", "connectorId" | "remoteId">>(`SELECT "connectorId", "remoteId" FROM "RemoteMapping" WHERE "entityType" = 'User' AND "entityId" = ?`, [userId]);
}

/** How many users the connector has at its target: the base of a percentage deletion guard. */
export async function provisionedUserCount(exec: SqlExecutor, connectorId: string): Promise<number> {
  const row = await exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = 'User'`, [connectorId]);
  return Number(row?.n ?? 0);
}

/** The mappings of some entities at one connector, each with what the target last received (a sync plan's page). */
export async function mappingsOf(exec: SqlExecutor, connectorId: string, entityType: string, entityIds: readonly string[]): Promise<Map<string, { lastSent?: Record<string, unknown> }>> {
  const out = new Map<string, { lastSent?: Record<string, unknown> }>();
  for (let i = 0; i < entityIds.length; i += 400) {
    const chunk = entityIds.slice(i, i + 400);
    const rows = await exec.all<Columns<"RemoteMapping", "entityId" | "lastSent">>(
      `SELECT "entityId", "lastSent" FROM "RemoteMapping" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" IN (${placeholders(chunk.length)})`,
      [connectorId, entityType, ...chunk],
    );
    for (const r of rows) out.set(r.entityId, r.lastSent ? { lastSent: JSON.parse(r.lastSent) as Record<string, unknown> } : {});
  }
  return out;
}

/**
 * The mapping of the entity one delivery is about, as the delivery leaves it, written with its outcome in the
 * transaction that settles it: one commit per delivered change instead of two. Only the last state counts (a
 * link then its update's record is one write). A crash in between leaves the change undelivered, and its retry
 * finds the object at the target (a create's conflict links it) as it would after any lost answer.
 */
export class MappingWrites {
  private last: { remoteId: string; lastSent?: Record<string, unknown> } | "forget" | undefined;

  constructor(private readonly entity: MappedEntity) {}

  remember(remoteId: string, lastSent?: Record<string, unknown>): void {
    this.last = { remoteId, ...(lastSent ? { lastSent } : {}) };
  }

  forget(): void {
    this.last = "forget";
  }

  async writeTo(exec: SqlExecutor): Promise<void> {
    if (this.last === "forget") await forgetRemoteId(exec, this.entity);
    else if (this.last) await rememberRemoteId(exec, this.entity, this.last.remoteId, this.last.lastSent);
  }
}
