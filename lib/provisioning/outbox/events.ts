import type { Sql, SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import type { ChangeOrigin } from "../../identity/changes.ts";
import { NOT_PAUSED } from "./pauses.ts";
import type { Columns } from "../../generated/tables.ts";

// The outbox: one event per change per target connector, queued in the transaction of the change itself, then
// claimed by a worker, delivered, and settled.

export interface OutboxRow extends Columns<"OutboxEvent", "seq" | "connectorId" | "entityId" | "payload" | "attempts" | "outageTries"> {
  entityType: "User" | "Group";
  operation: "create" | "update" | "delete";
}

// A claimed event not finished within this time is claimable again (its instance died mid-delivery). The owner
// renews the lease while it works, so a slow target (connector timeouts go up to 5 minutes) never lets another
// worker claim an event that is still being delivered.
export const LEASE_MS = 60_000;

export interface EventFlags {
  /** a delete or a deactivation, counted by the deletion guard */
  removal?: boolean;
  /** held by the deletion guard: not claimed until an administrator releases it */
  held?: boolean;
  /** written already claimed by this owner (a provision-now delivers it at once), so no worker takes it first */
  claim?: { owner: string; until: Date };
}

export async function insertEvent(
  tx: SqlExecutor,
  p: { connectorId: string; blocking: boolean },
  entityType: string,
  entityId: string,
  operation: string,
  payload: unknown,
  origin: ChangeOrigin,
  flags: EventFlags = {},
): Promise<number> {
  // due at once: while its target is paused the worker does not claim it (../target-pause.ts), and a blocking
  // caller hears of the pause from its own delivery
  const now = new Date();
  const due = now;
  const claim = flags.held ? undefined : flags.claim;
  const status = flags.held ? "held" : claim ? "in_flight" : "pending";
  const row = await tx.get<Columns<"OutboxEvent", "seq">>(
    `INSERT INTO "OutboxEvent" ("connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "blocking", "removal", "lockedBy", "lockedUntil", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) RETURNING "seq"`,
    [p.connectorId, entityType, entityId, operation, JSON.stringify(payload), status, due, p.blocking, flags.removal ?? false, claim?.owner ?? null, claim?.until ?? null, now, now],
  );
  // a held removal waits for a person: the caller is not kept waiting for it
  if (p.blocking && row && !flags.held) (origin.blocking ??= []).push(Number(row.seq));
  return Number(row!.seq);
}

/**
 * Claims due events: the oldest undelivered event of each (connector, entity) only, so changes to one entity
 * reach a target in order (a removal the deletion guard holds keeps the entity's later changes behind it). On PostgreSQL several instances claim side by side (FOR UPDATE SKIP LOCKED); on
 * SQLite the single writer makes the UPDATE a compare-and-set. The worker leaves paused targets' events alone;
 * a blocking caller's own events (`onlySeqs`) are claimed anyway, so the caller hears of the pause at once.
 * `skipConnectors` are left out (the worker holds enough of theirs already).
 */
export async function claimEvents(sql: Sql, owner: string, limit: number, onlySeqs?: number[], leaseMs = LEASE_MS, skipConnectors: string[] = []): Promise<OutboxRow[]> {
  const now = new Date();
  const lease = new Date(now.getTime() + leaseMs);
  // targets at their request limits already have enough claimed here: the claim brings the other targets' events
  const skip = skipConnectors.length ? ` AND e."connectorId" NOT IN (${placeholders(skipConnectors.length)})` : "";
  const only = onlySeqs?.length ? `AND e."seq" IN (${placeholders(onlySeqs.length)})` : `AND ${NOT_PAUSED}${skip}`;
  const onlyParams = onlySeqs?.length ? onlySeqs : [now, now, ...skipConnectors];
  const skipLocked = sql.dialect === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
  return sql.transaction((tx) =>
    tx.all<OutboxRow>(
      `UPDATE "OutboxEvent" SET "status" = 'in_flight', "lockedBy" = ?, "lockedUntil" = ?, "updatedAt" = ?
       WHERE "seq" IN (
         SELECT e."seq" FROM "OutboxEvent" e
         WHERE ((e."status" = 'pending' AND e."nextAttemptAt" <= ?) OR (e."status" = 'in_flight' AND e."lockedUntil" < ?)) ${only}
           AND NOT EXISTS (
             SELECT 1 FROM "OutboxEvent" p
             WHERE p."connectorId" = e."connectorId" AND p."entityType" = e."entityType" AND p."entityId" = e."entityId"
               AND p."seq" < e."seq" AND p."status" IN ('pending', 'in_flight', 'held'))
         ORDER BY e."seq" LIMIT ? ${skipLocked})
       RETURNING "seq", "connectorId", "entityType", "entityId", "operation", "payload", "attempts", "outageTries"`,
      [owner, lease, now, now, now, ...onlyParams, limit],
    ),
  );
}

/** Extends the lease of every event the owner still holds. */
export async function extendLeases(exec: SqlExecutor, owner: string, until: Date): Promise<void> {
  await exec.run(`UPDATE "OutboxEvent" SET "lockedUntil" = ? WHERE "status" = 'in_flight' AND "lockedBy" = ?`, [until, owner]);
}

/**
 * Gives claimed events back to the queue untried, keeping their due time and attempts: events of a paused target
 * are not claimed again until its pause ends.
 */
export async function releaseClaims(exec: SqlExecutor, owner: string, seqs: number[]): Promise<void> {
  await exec.run(
    `UPDATE "OutboxEvent" SET "status" = 'pending', "lockedBy" = NULL, "lockedUntil" = NULL
     WHERE "status" = 'in_flight' AND "lockedBy" = ? AND "seq" IN (${placeholders(seqs.length)})`,
    [owner, ...seqs],
  );
}

export async function markDelivered(tx: SqlExecutor, seq: number): Promise<void> {
  await tx.run(`UPDATE "OutboxEvent" SET "status" = 'delivered', "attempts" = "attempts" + 1, "lastError" = NULL, "lockedBy" = NULL, "updatedAt" = ? WHERE "seq" = ?`, [new Date(), seq]);
}

/** A failed try: the event waits for its next one (`pending`), or is dead. */
export async function markFailed(
  tx: SqlExecutor,
  seq: number,
  failure: { status: "pending" | "dead"; attempts: number; outageTries: number; nextAttemptAt: Date; lastError: string; at: Date },
): Promise<void> {
  await tx.run(`UPDATE "OutboxEvent" SET "status" = ?, "attempts" = ?, "outageTries" = ?, "nextAttemptAt" = ?, "lastError" = ?, "lockedBy" = NULL, "updatedAt" = ? WHERE "seq" = ?`, [
    failure.status,
    failure.attempts,
    failure.outageTries,
    failure.nextAttemptAt,
    failure.lastError.slice(0, 2000),
    failure.at,
    seq,
  ]);
}

/** Connectors being removed: their events not delivered yet go with them, as nothing would deliver them. */
export async function dropUndelivered(tx: SqlExecutor, connectorIds: string[]): Promise<void> {
  if (!connectorIds.length) return;
  await tx.run(`DELETE FROM "OutboxEvent" WHERE "connectorId" IN (${placeholders(connectorIds.length)}) AND "status" <> 'delivered'`, connectorIds);
}
