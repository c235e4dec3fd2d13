import type { SqlExecutor } from "../../db/sql.ts";
import { asDate, placeholders } from "../../db/values.ts";

/** Where an event stands after a try, and its newest attempt: what a caller waiting on it is told. */
export interface EventOutcome {
  seq: number;
  connectorId: string;
  /** pending, in_flight, delivered or dead */
  status: string;
  /** tries so far, outage tries included */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  /** the newest attempt logged for the event, null when it was never tried */
  attemptId: string | null;
}

/** The events' states and newest attempts (found through the log's index by object). */
export async function eventOutcomes(exec: SqlExecutor, seqs: number[]): Promise<EventOutcome[]> {
  if (!seqs.length) return [];
  const rows = await exec.all<Record<string, unknown>>(
    `SELECT e."seq", e."connectorId", e."status", e."attempts", e."nextAttemptAt", e."lastError",
       (SELECT a."id" FROM "ProvisioningAttempt" a WHERE a."entityType" = e."entityType" AND a."entityId" = e."entityId" AND a."eventSeq" = e."seq"
        ORDER BY a."at" DESC, a."attempt" DESC LIMIT 1) AS "attemptId"
     FROM "OutboxEvent" e WHERE e."seq" IN (${placeholders(seqs.length)})`,
    seqs,
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    connectorId: String(r.connectorId),
    status: String(r.status),
    attempts: Number(r.attempts),
    nextAttemptAt: asDate(r.nextAttemptAt),
    lastError: r.lastError === null || r.lastError === undefined ? null : String(r.lastError),
    attemptId: r.attemptId === null || r.attemptId === undefined ? null : String(r.attemptId),
  }));
}
