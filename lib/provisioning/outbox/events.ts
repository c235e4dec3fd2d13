import type { Sql, SqlExecutor, SqlParam } from "../../db/sql.ts";
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

// The oldest undelivered event of its (connector, entity): later changes to an entity wait behind it, so they
// reach the target in order (a removal the deletion guard holds keeps the entity's later changes behind it).
const FIRST_OF_ITS_ENTITY = (e: string) => `NOT EXISTS (
  SELECT 1 FROM "OutboxEvent" p
  WHERE p."connectorId" = ${e}."connectorId" AND p."entityType" = ${e}."entityType" AND p."entityId" = ${e}."entityId"
    AND p."seq" < ${e}."seq" AND p."status" IN ('pending', 'in_flight', 'held'))`;

/**
 * The connectors with pending events, read from the index on ("status", "connectorId", …) by one seek per connector
 * (a loose index scan), whatever the queue's length; paused targets and those left out are dropped.
 */
async function readyConnectors(exec: SqlExecutor, now: Date, skipConnectors: string[]): Promise<string[]> {
  const rows = await exec.all<{ id: string }>(
    `WITH RECURSIVE c("id") AS (
       SELECT (SELECT x."connectorId" FROM "OutboxEvent" x WHERE x."status" = 'pending' ORDER BY x."connectorId" LIMIT 1)
       UNION ALL
       SELECT (SELECT x."connectorId" FROM "OutboxEvent" x WHERE x."status" = 'pending' AND x."connectorId" > c."id" ORDER BY x."connectorId" LIMIT 1) FROM c WHERE c."id" IS NOT NULL)
     SELECT r."id" AS "id" FROM c r WHERE r."id" IS NOT NULL AND ${NOT_PAUSED.replace(`e."connectorId"`, `r."id"`)}`,
    [now, now],
  );
  const skip = new Set(skipConnectors);
  return rows.map((r) => String(r.id)).filter((id) => !skip.has(id));
}

/**
 * Claims due events: the oldest undelivered event of each (connector, entity) only, so changes to one entity
 * reach a target in order. On PostgreSQL several instances claim side by side (FOR UPDATE SKIP LOCKED, the
 * status and due time checked again on the locked row); on SQLite the single writer makes the UPDATE a
 * compare-and-set. The worker leaves paused targets' events alone; a blocking caller's own events (`onlySeqs`)
 * are claimed anyway, so the caller hears of the pause at once. `skipConnectors` are left out (the worker holds
 * enough of theirs already).
 *
 * The cost does not grow with the number of due events: each connector's pending events are read in due order
 * from the index on ("status", "connectorId", "nextAttemptAt", "seq"), at most `limit` of them (plus those waiting
 * behind an earlier change of their entity), and the expired leases from the in-flight events, which are no more
 * than the workers hold; the candidates are merged by `seq`.
 */
export async function claimEvents(sql: Sql, owner: string, limit: number, onlySeqs?: number[], leaseMs = LEASE_MS, skipConnectors: string[] = []): Promise<OutboxRow[]> {
  const now = new Date();
  const lease = new Date(now.getTime() + leaseMs);
  const skipLocked = sql.dialect === "postgres" ? "FOR UPDATE SKIP LOCKED" : "";
  const claimable = `((e."status" = 'pending' AND e."nextAttemptAt" <= ?) OR (e."status" = 'in_flight' AND e."lockedUntil" < ?))`;
  return sql.transaction(async (tx) => {
    let candidates: string;
    let candidateParams: SqlParam[];
    if (onlySeqs?.length) {
      candidates = `AND e."seq" IN (${placeholders(onlySeqs.length)}) AND ${FIRST_OF_ITS_ENTITY("e")}`;
      candidateParams = onlySeqs;
    } else {
      const seqs = await dueCandidates(tx, now, limit, skipConnectors);
      if (!seqs.length) return [];
      // a target another lane or instance paused since the candidates were read is left alone, as it was when
      // the pause was part of one statement
      candidates = `AND e."seq" IN (${placeholders(seqs.length)}) AND ${NOT_PAUSED}`;
      candidateParams = [...seqs, now, now];
    }
    // SQLite's planner, without statistics, would answer the status check from the status index (every pending
    // event) rather than look up the few candidates by seq: told to use no index, it can still look rows up by seq
    const byCandidates = sql.dialect === "sqlite" ? "NOT INDEXED" : "";
    // the status and due time are checked again on the row itself: on PostgreSQL another instance may have claimed
    // a candidate since it was read (its lock then skips it, or its new status excludes it)
    return tx.all<OutboxRow>(
      `UPDATE "OutboxEvent" SET "status" = 'in_flight', "lockedBy" = ?, "lockedUntil" = ?, "updatedAt" = ?
       WHERE "seq" IN (
         SELECT e."seq" FROM "OutboxEvent" e ${byCandidates}
         WHERE ${claimable} ${candidates}
         ORDER BY e."seq" LIMIT ? ${skipLocked})
       RETURNING "seq", "connectorId", "entityType", "entityId", "operation", "payload", "attempts", "outageTries"`,
      [owner, lease, now, now, now, ...candidateParams, limit],
    );
  });
}

/**
 * The events a claim may take, oldest first: of each ready connector its first `limit` due events in due order,
 * and the events whose lease lapsed; each the first open event of its entity. At most twice `limit` are kept, so
 * the claim that locks them has a short list to look up, whatever the number of connectors.
 */
async function dueCandidates(tx: SqlExecutor, now: Date, limit: number, skipConnectors: string[]): Promise<number[]> {
  const connectors = await readyConnectors(tx, now, skipConnectors);
  const skip = skipConnectors.length ? ` AND x."connectorId" NOT IN (${placeholders(skipConnectors.length)})` : "";
  const arms = connectors.map(
    (_, i) => `SELECT "seq" FROM (SELECT x."seq" FROM "OutboxEvent" x
       WHERE x."status" = 'pending' AND x."connectorId" = ? AND x."nextAttemptAt" <= ? AND ${FIRST_OF_ITS_ENTITY("x")}
       ORDER BY x."nextAttemptAt", x."seq" LIMIT ?) p${i}`,
  );
  // in flight: no more than the workers hold, whatever the queue's length
  arms.push(`SELECT "seq" FROM (SELECT x."seq" FROM "OutboxEvent" x
       WHERE x."status" = 'in_flight' AND x."lockedUntil" < ? AND ${NOT_PAUSED.replaceAll(`e."connectorId"`, `x."connectorId"`)}${skip} AND ${FIRST_OF_ITS_ENTITY("x")}
       ORDER BY x."seq" LIMIT ?) lapsed`);
  const rows = await tx.all<Columns<"OutboxEvent", "seq">>(arms.join("\n UNION ALL "), [...connectors.flatMap((id) => [id, now, limit]), now, now, now, ...skipConnectors, limit]);
  return rows
    .map((r) => Number(r.seq))
    .sort((a, b) => a - b)
    .slice(0, 2 * limit);
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
