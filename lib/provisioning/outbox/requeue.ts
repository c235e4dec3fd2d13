import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";

/**
 * Makes dead and pending events due at `now` (those given, or one connector's, when either is given): dead ones
 * start their retry budget again, pending ones skip the rest of their backoff. A dead event whose entity a later
 * event already reached the target with stays dead: its snapshot is older than what the target has, and replaying
 * it would undo that change. Returns how many changed.
 */
export async function requeueFailed(exec: SqlExecutor, which: { seqs?: number[]; connectorId?: string }, now: Date): Promise<number> {
  const where = [`"status" IN ('dead', 'pending')`];
  const params: SqlParam[] = [];
  if (which.seqs) {
    where.push(`"seq" IN (${placeholders(which.seqs.length)})`);
    params.push(...which.seqs);
  }
  if (which.connectorId) {
    where.push(`"connectorId" = ?`);
    params.push(which.connectorId);
  }
  where.push(`NOT ("status" = 'dead' AND EXISTS (
    SELECT 1 FROM "OutboxEvent" later WHERE later."connectorId" = "OutboxEvent"."connectorId" AND later."entityType" = "OutboxEvent"."entityType"
      AND later."entityId" = "OutboxEvent"."entityId" AND later."seq" > "OutboxEvent"."seq" AND later."status" = 'delivered'))`);
  return exec.run(
    `UPDATE "OutboxEvent" SET "attempts" = CASE WHEN "status" = 'dead' THEN 0 ELSE "attempts" END,
       "outageTries" = CASE WHEN "status" = 'dead' THEN 0 ELSE "outageTries" END, "status" = 'pending', "nextAttemptAt" = ?, "lockedBy" = NULL, "updatedAt" = ?
     WHERE ${where.join(" AND ")}`,
    [now, now, ...params],
  );
}
