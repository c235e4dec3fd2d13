import type { SqlExecutor } from "../../db/sql.ts";
import { asDate, placeholders } from "../../db/values.ts";
import { pauseLength, type Gate, type PausePolicy } from "../target-pause.ts";
import type { Columns } from "../../generated/tables.ts";

// One TargetPause row per paused target, shared by every instance; what a pause means is in ../target-pause.ts.

const readPause = (exec: SqlExecutor, connectorId: string) =>
  exec.get<Columns<"TargetPause", "failures" | "pausedUntil" | "probeBy" | "probeUntil">>(`SELECT "failures", "pausedUntil", "probeBy", "probeUntil" FROM "TargetPause" WHERE "connectorId" = ?`, [
    connectorId,
  ]);

/**
 * Asked right before each send, because lanes claim changes before a failure elsewhere is known. After the pause
 * only the delivery that takes the probe (compare-and-set on the row, so one across all instances) may send; a
 * probe whose instance died is taken over when its lease lapses.
 */
export async function passGate(exec: SqlExecutor, connectorId: string, token: string, probeLeaseMs: number, now = new Date()): Promise<Gate> {
  const row = await readPause(exec, connectorId);
  if (!row) return { kind: "open" };
  const until = asDate(row.pausedUntil);
  if (until > now) return { kind: "held", until, probing: false };
  const taken = await exec.run(
    `UPDATE "TargetPause" SET "probeBy" = ?, "probeUntil" = ?, "updatedAt" = ?
     WHERE "connectorId" = ? AND "pausedUntil" <= ? AND ("probeBy" IS NULL OR "probeUntil" < ?)`,
    [token, new Date(now.getTime() + probeLeaseMs), now, connectorId, now, now],
  );
  return taken ? { kind: "probe", token } : { kind: "held", until: row.probeUntil ? asDate(row.probeUntil) : now, probing: true };
}

export interface Pause {
  until: Date;
  failures: number;
}

/**
 * Records that the target did not answer, or asked to be left alone for `atLeastMs` (its Retry-After). The probe's
 * failure doubles the pause; a failure with no pause standing starts one; any other failure (a send already under
 * way when the target went down) leaves the standing pause as it is, so concurrent failures count once. A
 * Retry-After longer than the pause stretches it, whoever heard it: the target's own word outranks the backoff.
 */
export async function noteUnreachable(tx: SqlExecutor, connectorId: string, probe: string | undefined, policy: PausePolicy, error: string, now = new Date(), atLeastMs = 0): Promise<Pause> {
  const asked = new Date(now.getTime() + atLeastMs);
  const later = (a: Date) => (asked > a ? asked : a);
  const row = await readPause(tx, connectorId);
  if (row && probe && row.probeBy === probe) {
    const failures = Number(row.failures) + 1;
    const until = later(new Date(now.getTime() + pauseLength(failures, policy)));
    await tx.run(`UPDATE "TargetPause" SET "failures" = ?, "pausedUntil" = ?, "probeBy" = NULL, "probeUntil" = NULL, "lastError" = ?, "updatedAt" = ? WHERE "connectorId" = ? AND "probeBy" = ?`, [
      failures,
      until,
      error.slice(0, 2000),
      now,
      connectorId,
      probe,
    ]);
    return { until, failures };
  }
  if (row) return stretch(tx, connectorId, { until: asDate(row.pausedUntil), failures: Number(row.failures) }, asked, now);
  const until = later(new Date(now.getTime() + pauseLength(1, policy)));
  await tx.run(`INSERT INTO "TargetPause" ("connectorId", "failures", "pausedUntil", "lastError", "updatedAt") VALUES (?, 1, ?, ?, ?) ON CONFLICT ("connectorId") DO NOTHING`, [
    connectorId,
    until,
    error.slice(0, 2000),
    now,
  ]);
  const standing = await readPause(tx, connectorId);
  return standing ? stretch(tx, connectorId, { until: asDate(standing.pausedUntil), failures: Number(standing.failures) }, asked, now) : { until, failures: 1 };
}

/** A standing pause lasts at least until `asked`; only ever lengthened, so answers heard out of order cannot shorten it. */
async function stretch(tx: SqlExecutor, connectorId: string, pause: Pause, asked: Date, now: Date): Promise<Pause> {
  if (asked <= pause.until) return pause;
  await tx.run(`UPDATE "TargetPause" SET "pausedUntil" = ?, "updatedAt" = ? WHERE "connectorId" = ? AND "pausedUntil" < ?`, [asked, now, connectorId, asked]);
  return { ...pause, until: asked };
}

/**
 * The target answered (or its settings changed, or someone said retry now): its pause ends, and the changes held
 * back are due at once, those that failed a try during the outage too (they were due at the pause's end).
 */
export async function endPause(exec: SqlExecutor, connectorId: string, now = new Date()): Promise<number> {
  const ended = await exec.run(`DELETE FROM "TargetPause" WHERE "connectorId" = ?`, [connectorId]);
  if (ended) {
    await exec.run(`UPDATE "OutboxEvent" SET "nextAttemptAt" = ? WHERE "connectorId" = ? AND "status" = 'pending' AND "outageTries" > 0 AND "nextAttemptAt" > ?`, [now, connectorId, now]);
  }
  return ended;
}

/** A probe that ended without news of the target (an unexpected failure here) lets the next delivery probe. */
export async function releaseProbe(exec: SqlExecutor, connectorId: string, probe: string): Promise<void> {
  await exec.run(`UPDATE "TargetPause" SET "probeBy" = NULL, "probeUntil" = NULL WHERE "connectorId" = ? AND "probeBy" = ?`, [connectorId, probe]);
}

/** "Retry now": the pause ends at once, for one connector or all. */
export async function endPauses(exec: SqlExecutor, connectorId?: string): Promise<void> {
  const paused = connectorId ? [connectorId] : (await exec.all<Columns<"TargetPause", "connectorId">>(`SELECT "connectorId" FROM "TargetPause"`)).map((p) => p.connectorId);
  for (const id of paused) await endPause(exec, id);
}

export interface PauseStanding {
  connectorId: string;
  pausedUntil: Date;
  failures: number;
  lastError: string | null;
}

/** The pauses standing, of the connectors given or of all: for the queue summary and a user's status. */
export async function standingPauses(exec: SqlExecutor, connectorIds?: string[]): Promise<PauseStanding[]> {
  if (connectorIds && !connectorIds.length) return [];
  const where = connectorIds ? `WHERE "connectorId" IN (${placeholders(connectorIds.length)})` : "";
  const rows = await exec.all<Columns<"TargetPause", "connectorId" | "pausedUntil" | "failures" | "lastError">>(
    `SELECT "connectorId", "pausedUntil", "failures", "lastError" FROM "TargetPause" ${where}`,
    connectorIds ?? [],
  );
  return rows.map((p) => ({ connectorId: p.connectorId, pausedUntil: asDate(p.pausedUntil), failures: Number(p.failures), lastError: p.lastError }));
}

/**
 * SQL condition (on outbox alias `e`) for events the worker may claim: their target is not paused and not being
 * probed. Held-back events keep their own due time; they are simply not claimed, so a pause costs no writes to them.
 */
export const NOT_PAUSED = `NOT EXISTS (
  SELECT 1 FROM "TargetPause" tp WHERE tp."connectorId" = e."connectorId" AND (tp."pausedUntil" > ? OR (tp."probeBy" IS NOT NULL AND tp."probeUntil" >= ?)))`;
