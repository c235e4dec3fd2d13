import type { SqlExecutor } from "../../db/sql.ts";
import { asDate, placeholders } from "../../db/values.ts";
import type { Columns } from "../../generated/tables.ts";

// Removals (deletes and deactivations) the deletion guard holds: outbox events in status `held`, neither claimed
// nor sent until an administrator releases them (back to `pending`, marked approved) or drops them.

export interface RemovalCounts {
  /** removals queued since `since` that no administrator released, held ones included */
  recent: number;
  held: number;
}

export async function removalCounts(exec: SqlExecutor, connectorId: string, since: Date): Promise<RemovalCounts> {
  const row = await exec.get<{ recent: number | null; held: number | null }>(
    `SELECT SUM(CASE WHEN "createdAt" > ? AND "approvedAt" IS NULL THEN 1 ELSE 0 END) AS "recent", SUM(CASE WHEN "status" = 'held' THEN 1 ELSE 0 END) AS "held"
     FROM "OutboxEvent" WHERE "connectorId" = ? AND "removal" = ? AND ("createdAt" > ? OR "status" = 'held')`,
    [since, connectorId, true, since],
  );
  return { recent: Number(row?.recent ?? 0), held: Number(row?.held ?? 0) };
}

export interface HeldEvent {
  seq: number;
  connectorId: string;
  entityType: string;
  entityId: string;
  operation: string;
  payload: string;
  heldAt: Date;
}

type HeldRow = Columns<"OutboxEvent", "seq" | "connectorId" | "entityType" | "entityId" | "operation" | "payload" | "createdAt">;
const heldEvent = (r: HeldRow): HeldEvent => ({
  seq: Number(r.seq),
  connectorId: r.connectorId,
  entityType: r.entityType,
  entityId: r.entityId,
  operation: r.operation,
  payload: r.payload,
  heldAt: asDate(r.createdAt),
});

/**
 * The guard trips: the target's removals queued since `since` and not yet claimed are held with the one that
 * tripped it, so a bulk removal is stopped whole rather than after its first part went out.
 */
export async function holdQueuedRemovals(tx: SqlExecutor, connectorId: string, since: Date): Promise<HeldEvent[]> {
  const rows = await tx.all<HeldRow>(
    `UPDATE "OutboxEvent" SET "status" = 'held', "updatedAt" = ?
     WHERE "connectorId" = ? AND "removal" = ? AND "status" = 'pending' AND "attempts" = 0 AND "approvedAt" IS NULL AND "createdAt" > ?
     RETURNING "seq", "connectorId", "entityType", "entityId", "operation", "payload", "createdAt"`,
    [new Date(), connectorId, true, since],
  );
  return rows.map(heldEvent);
}

/** The held removals of the connectors given (all of them when `seqs` is undefined, else only those), oldest first. */
export async function heldEvents(exec: SqlExecutor, connectorIds: string[], seqs?: number[], limit = 1000, offset = 0): Promise<HeldEvent[]> {
  if (!connectorIds.length || (seqs && !seqs.length)) return [];
  const only = seqs ? ` AND "seq" IN (${placeholders(seqs.length)})` : "";
  const rows = await exec.all<HeldRow>(
    `SELECT "seq", "connectorId", "entityType", "entityId", "operation", "payload", "createdAt" FROM "OutboxEvent"
     WHERE "status" = 'held' AND "connectorId" IN (${placeholders(connectorIds.length)})${only} ORDER BY "seq" LIMIT ? OFFSET ?`,
    [...connectorIds, ...(seqs ?? []), limit, offset],
  );
  return rows.map(heldEvent);
}

/** How many removals each connector has held. */
export async function heldCounts(exec: SqlExecutor, connectorIds?: string[]): Promise<Map<string, number>> {
  if (connectorIds && !connectorIds.length) return new Map();
  const where = connectorIds ? ` AND "connectorId" IN (${placeholders(connectorIds.length)})` : "";
  const rows = await exec.all<{ connectorId: string; n: number }>(
    `SELECT "connectorId", COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" = 'held'${where} GROUP BY "connectorId"`,
    connectorIds ?? [],
  );
  return new Map(rows.map((r) => [r.connectorId, Number(r.n)]));
}

/** Approved: the removals are due now, and no longer count toward the guard's threshold. */
export async function releaseHeld(tx: SqlExecutor, seqs: number[], now: Date): Promise<number> {
  if (!seqs.length) return 0;
  return tx.run(`UPDATE "OutboxEvent" SET "status" = 'pending', "approvedAt" = ?, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "status" = 'held' AND "seq" IN (${placeholders(seqs.length)})`, [
    now,
    now,
    now,
    ...seqs,
  ]);
}

/** Discarded: the removals leave the outbox unsent (the provisioning log keeps their record). */
export async function dropHeld(tx: SqlExecutor, seqs: number[]): Promise<number> {
  if (!seqs.length) return 0;
  return tx.run(`DELETE FROM "OutboxEvent" WHERE "status" = 'held' AND "seq" IN (${placeholders(seqs.length)})`, seqs);
}

/** The user as the target last had it queued: for telling a deactivation from an update of an inactive user. */
export async function lastQueuedUser(exec: SqlExecutor, connectorId: string, userId: string): Promise<{ active?: boolean } | undefined> {
  const row = await exec.get<Columns<"OutboxEvent", "payload" | "operation">>(
    `SELECT "payload", "operation" FROM "OutboxEvent" WHERE "connectorId" = ? AND "entityType" = 'User' AND "entityId" = ? ORDER BY "seq" DESC LIMIT 1`,
    [connectorId, userId],
  );
  if (!row || row.operation === "delete") return undefined;
  return (JSON.parse(row.payload) as { user?: { active?: boolean } }).user;
}
