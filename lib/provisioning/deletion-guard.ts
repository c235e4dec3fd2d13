import type { SqlExecutor } from "../db/sql.ts";
import { recordAudit, SYSTEM_ACTOR } from "../identity/audit.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { policiesOfConnectors, type ConnectorPolicy } from "./connection-policy.ts";
import { guardHolds, removalAllowance } from "./outbound-policy.ts";
import { recordAttempt } from "./outbox/attempts.ts";
import { insertEvent, type EventFlags } from "./outbox/events.ts";
import { holdQueuedRemovals, lastQueuedUser, removalCounts, type HeldEvent } from "./outbox/held.ts";
import { provisionedUserCount } from "./outbox/remote-mappings.ts";

/**
 * The deletion guard, at the moment a user's removal (delete, or deactivation) is queued for a target: past the
 * connection's threshold within its window, the removal is held (status `held`, never claimed) together with the
 * window's removals not sent yet, and every later removal too until an administrator approves or discards what
 * is held (held-removals.ts). Creates and updates keep flowing; an entity's later changes wait behind its held removal.
 *
 * It counts committed outbox rows, in the transaction of the change: two transactions committing removals side
 * by side (two instances, or PostgreSQL's concurrent writers) may each count below the threshold; the next removal
 * then trips it and holds whatever of theirs was not claimed yet.
 */

export interface ProvisioningTarget {
  connectorId: string;
  blocking: boolean;
}

/** Whether an update takes away the user's access at the target: active false, where the target last had it active. */
export async function isDeactivation(tx: SqlExecutor, connectorId: string, userId: string, user: { active: boolean }): Promise<boolean> {
  if (user.active) return false;
  const before = await lastQueuedUser(tx, connectorId, userId);
  return before !== undefined && before.active !== false;
}

/** Queues a user's removal for a target through the deletion guard. */
export async function queueUserRemoval(
  tx: SqlExecutor,
  target: ProvisioningTarget,
  userId: string,
  operation: "delete" | "update",
  payload: { name: string } & Record<string, unknown>,
  origin: ChangeOrigin,
  claim?: EventFlags["claim"],
): Promise<{ seq: number; held: boolean }> {
  const policy = (await policiesOfConnectors(tx, [target.connectorId])).get(target.connectorId);
  const guard = policy?.policy.deletionGuard;
  if (!policy || !guard?.enabled) return { seq: await insertEvent(tx, target, "User", userId, operation, payload, origin, { removal: true, claim }), held: false };
  const since = new Date(Date.now() - guard.windowMinutes * 60_000);
  const counts = await removalCounts(tx, target.connectorId, since);
  const provisionedUsers = guard.thresholdType === "percentage" ? await provisionedUserCount(tx, target.connectorId) : 0;
  const hold = guardHolds(guard, { recentRemovals: counts.recent, provisionedUsers, held: counts.held });
  const seq = await insertEvent(tx, target, "User", userId, operation, payload, origin, { removal: true, held: hold, claim });
  if (!hold) return { seq, held: false };
  const tripped = counts.held === 0;
  const alsoHeld = tripped ? await holdQueuedRemovals(tx, target.connectorId, since) : [];
  const allowance = removalAllowance(guard, provisionedUsers);
  const why = `more than ${allowance} deletes or deactivations within ${guard.windowMinutes} minutes${guard.thresholdType === "percentage" ? ` (${guard.threshold}% of ${provisionedUsers} provisioned users)` : ""}`;
  const held: HeldEvent[] = [{ seq, connectorId: target.connectorId, entityType: "User", entityId: userId, operation, payload: JSON.stringify(payload), heldAt: new Date() }, ...alsoHeld];
  for (const event of held) await logHeld(tx, policy, event, why);
  if (tripped) {
    await recordAudit(tx, SYSTEM_ACTOR, {
      action: "provisioning.deletes-held",
      targetType: "Connection",
      targetId: policy.connectionId,
      summary: `Deletion guard tripped: ${why}; ${held.length} held for approval`,
    });
  }
  return { seq, held: true };
}

async function logHeld(tx: SqlExecutor, policy: ConnectorPolicy, event: HeldEvent, why: string) {
  const payload = JSON.parse(event.payload) as { name?: string };
  await recordAttempt(tx, {
    eventSeq: event.seq,
    connectorId: event.connectorId,
    connectionName: policy.connectionName,
    connectorType: policy.connectorType,
    entityType: event.entityType,
    entityId: event.entityId,
    entityName: payload.name ?? "",
    operation: removalName(event.operation),
    status: "held",
    httpStatus: null,
    durationMs: 0,
    error: `Held by the deletion guard (${why}): not sent until an administrator approves or discards it on the connection's Outbound Provisioning tab`,
    attempt: 0,
    request: "",
    response: "",
  });
}

/** How a removal reads in the log and the console: a delete, or an update that deactivates. */
export const removalName = (operation: string) => (operation === "delete" ? "delete" : "deactivate");
