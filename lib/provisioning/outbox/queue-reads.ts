import type { SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import type { Columns } from "../../generated/tables.ts";

// What the outbox holds: for deciding what to queue, and for showing and settling what is queued.

/** Whether an event for this entity still waits for its target (pending, being delivered, or held by the deletion guard). */
export async function hasQueuedEvent(exec: SqlExecutor, connectorId: string, entityType: string, entityId: string): Promise<boolean> {
  return (
    (await exec.get(`SELECT 1 AS "x" FROM "OutboxEvent" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ? AND "status" IN ('pending', 'in_flight', 'held')`, [
      connectorId,
      entityType,
      entityId,
    ])) !== undefined
  );
}

/** The entities with an event still waiting for one connector (pending or being delivered). */
export async function queuedEntities(exec: SqlExecutor, connectorId: string): Promise<{ entityType: string; entityId: string }[]> {
  return exec.all<Columns<"OutboxEvent", "entityType" | "entityId">>(`SELECT DISTINCT "entityType", "entityId" FROM "OutboxEvent" WHERE "connectorId" = ? AND "status" IN ('pending', 'in_flight')`, [
    connectorId,
  ]);
}

/** A user's events not delivered yet, dead ones included, oldest first. */
export async function undeliveredUserEvents(exec: SqlExecutor, userId: string): Promise<{ seq: number; connectorId: string; status: string; lastError: string | null }[]> {
  return exec.all<Columns<"OutboxEvent", "seq" | "connectorId" | "status" | "lastError">>(
    `SELECT "seq", "connectorId", "status", "lastError" FROM "OutboxEvent" WHERE "entityType" = 'User' AND "entityId" = ? AND "status" IN ('pending', 'in_flight', 'dead') ORDER BY "seq"`,
    [userId],
  );
}

/** How many events each connector has in each status; `retrying` counts those that failed at least once. */
export async function eventCounts(exec: SqlExecutor): Promise<{ connectorId: string; status: string; n: number; retrying: number }[]> {
  return exec.all<{ connectorId: string; status: string; n: number; retrying: number }>(
    `SELECT "connectorId", "status", COUNT(*) AS "n", SUM(CASE WHEN "attempts" > 0 THEN 1 ELSE 0 END) AS "retrying" FROM "OutboxEvent" GROUP BY "connectorId", "status"`,
  );
}

/** Where each event stands, and its last error: for a caller waiting on its own events. */
export async function eventStates(exec: SqlExecutor, seqs: number[]): Promise<{ seq: number; status: string; attempts: number; lastError: string | null }[]> {
  return exec.all<Columns<"OutboxEvent", "seq" | "status" | "attempts" | "lastError">>(
    `SELECT "seq", "status", "attempts", "lastError" FROM "OutboxEvent" WHERE "seq" IN (${placeholders(seqs.length)})`,
    seqs,
  );
}

/** The connectors the events are for. */
export async function connectorsOfEvents(exec: SqlExecutor, seqs: number[]): Promise<string[]> {
  return (await exec.all<Columns<"OutboxEvent", "connectorId">>(`SELECT DISTINCT "connectorId" FROM "OutboxEvent" WHERE "seq" IN (${placeholders(seqs.length)})`, seqs)).map((t) => t.connectorId);
}

/** The oldest change of an entity still waiting for a connector (pending, being delivered, or held). */
export async function oldestOpenEvent(exec: SqlExecutor, connectorId: string, entityType: string, entityId: string): Promise<{ status: string; operation: string } | undefined> {
  return exec.get<Columns<"OutboxEvent", "status" | "operation">>(
    `SELECT "status", "operation" FROM "OutboxEvent" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ? AND "status" IN ('pending', 'in_flight', 'held') ORDER BY "seq" LIMIT 1`,
    [connectorId, entityType, entityId],
  );
}
