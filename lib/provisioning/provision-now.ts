import { randomUUID } from "node:crypto";
import type { Sql } from "../db/sql.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { IdentityError } from "../identity/errors.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { recordingExchanges, type RecordedExchange } from "./connectors/exchange-recorder.ts";
import { connectorSummaries, type ConnectorSummary } from "./connections.ts";
import { isDeactivation, queueUserRemoval } from "./deletion-guard.ts";
import { previewUser } from "./deliver.ts";
import { lastAttemptOfUserEvent } from "./outbox/attempts.ts";
import { insertEvent, LEASE_MS, type OutboxRow } from "./outbox/events.ts";
import { hasQueuedEvent } from "./outbox/queue-reads.ts";
import { findRemoteId } from "./outbox/remote-mappings.ts";
import { scopeFacts } from "./provision-facts.ts";
import { decideScope, type PlannedAction, type ScopeDecision } from "./provision-scope.ts";
import { traceOutcome, type DeliveryStatus, type ProvisionTrace, type TraceDelivery, type TraceMapping } from "./provision-trace.ts";
import { provisionedUser } from "./snapshot.ts";
import { deliverAll, whileRenewingLeases } from "./worker.ts";

/**
 * Provision now: runs the outbound pipeline for one user and one connector while the caller waits, and says what
 * happened at each step: the scope decision, the mapped user, every request and answer, the remote id after. The
 * change goes through the outbox, the deletion guard, the pause gate, the request limits and `deliverEvent` like
 * any other, and its attempt is in the provisioning log.
 */
export async function provisionNow(sql: Sql, userId: string, connectorId: string, actor: Actor): Promise<ProvisionTrace> {
  const [user] = await loadUsers(sql, [userId], { groups: true });
  if (!user) throw IdentityError.notFound("User");
  const [connector] = await connectorSummaries(sql, [connectorId]);
  if (!connector) throw IdentityError.invalid("No outbound connector has this id", "connectorId");
  const facts = await scopeFacts(sql, user, connector);
  const scope = decideScope(facts);
  const mapping = scope.action === "none" || scope.action === "delete" ? null : await mappingOf(sql, connector.id, user, scope.action);
  const delivery = scope.action === "none" ? null : await queueAndDeliver(sql, user, connector, scope, actor);
  const after = (await findRemoteId(sql, { connectorId: connector.id, entityType: "User", entityId: user.id })) ?? null;
  const { outcome, summary } = traceOutcome(scope.action, delivery, connector.connectionName);
  await recordAudit(sql, actor, { action: "user.provision-now", targetType: "User", targetId: user.id, summary: `${connector.connectionName}: ${summary}` });
  return {
    user: { id: user.id, userName: user.userName },
    connection: { connectorId: connector.id, connectorType: connector.type, connectionId: connector.connectionId, connectionName: connector.connectionName, deprovision: facts.deprovision },
    scope,
    mapping,
    delivery,
    remoteId: { before: facts.remoteId, after },
    outcome,
    summary,
  };
}

async function mappingOf(sql: Sql, connectorId: string, user: UserView, action: PlannedAction): Promise<TraceMapping | null> {
  const shown = { ...provisionedUser(user), ...(action === "deactivate" ? { active: false } : {}) };
  const preview = await previewUser(sql, connectorId, shown);
  if (!preview) return null;
  const what = action === "deactivate" ? "The deactivation sends the user with active false" : "What the connector sends for this user";
  const note = preview.mapped ? `${what}, after its attribute mapping (an update may send only what changed as a PATCH)` : `${what}: this connector maps it while sending, see the requests`;
  return { ...preview, note };
}

/** Queues the change already claimed by this call (no worker takes it first), then delivers it with its requests recorded. */
async function queueAndDeliver(sql: Sql, user: UserView, connector: ConnectorSummary, scope: ScopeDecision, actor: Actor): Promise<TraceDelivery> {
  const owner = `provision-now-${randomUUID()}`;
  const claim = { owner, until: new Date(Date.now() + LEASE_MS) };
  const target = { connectorId: connector.id, blocking: false };
  const origin: ChangeOrigin = { serviceProviderId: scope.serviceProviderId ?? "", trigger: actor.channel };
  const snapshot = provisionedUser(user);
  const queued = await sql.transaction(async (tx) => {
    // read again in the transaction: a change queued since the decision goes first
    if (await hasQueuedEvent(tx, connector.id, "User", user.id)) throw IdentityError.conflict("A change of this user was queued for this connection meanwhile: try again once it is delivered");
    if (scope.action === "create" || scope.action === "update") {
      // a sync-like resend: every mapped attribute, not the delta since the last send
      const payload = { name: user.userName, user: snapshot, ...(scope.action === "update" ? { resend: true } : {}) };
      if (scope.action === "update" && (await isDeactivation(tx, connector.id, user.id, user)))
        return { ...(await queueUserRemoval(tx, target, user.id, "update", payload, origin, claim)), operation: "update" as const, payload };
      return { seq: await insertEvent(tx, target, "User", user.id, scope.action, payload, origin, { claim }), held: false, operation: scope.action, payload };
    }
    // leaving scope: the engine deletes or deactivates as the connection says
    const payload = { name: user.userName, reason: "no longer eligible", user: snapshot };
    return { ...(await queueUserRemoval(tx, target, user.id, "delete", payload, origin, claim)), operation: "delete" as const, payload };
  });
  if (queued.held) return { eventSeq: queued.seq, status: "held", operation: scope.action, httpStatus: null, error: null, durationMs: 0, exchanges: [], request: "", response: "" };

  const row: OutboxRow = {
    seq: queued.seq,
    connectorId: connector.id,
    entityType: "User",
    entityId: user.id,
    operation: queued.operation,
    payload: JSON.stringify(queued.payload),
    attempts: 0,
    outageTries: 0,
  };
  const exchanges: RecordedExchange[] = [];
  const [result] = await recordingExchanges(
    (e) => exchanges.push(e),
    () => whileRenewingLeases(sql, owner, () => deliverAll(sql, owner, [row], 1)),
  );
  if (result?.heldBack) {
    return { eventSeq: queued.seq, status: "held-back", operation: scope.action, httpStatus: null, error: result.error ?? null, durationMs: 0, exchanges, request: "", response: "" };
  }
  const attempt = await lastAttemptOfUserEvent(sql, user.id, queued.seq);
  return {
    eventSeq: queued.seq,
    status: (attempt ? String(attempt.status) : result?.ok ? "success" : "retrying") as DeliveryStatus,
    operation: attempt ? String(attempt.operation) : scope.action,
    httpStatus: attempt?.httpStatus === null || attempt?.httpStatus === undefined ? null : Number(attempt.httpStatus),
    error: attempt?.error ? String(attempt.error) : (result?.error ?? null),
    durationMs: attempt ? Number(attempt.durationMs) : 0,
    exchanges,
    request: attempt ? String(attempt.request) : "",
    response: attempt ? String(attempt.response) : "",
  };
}
