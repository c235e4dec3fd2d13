import type { Sql, SqlExecutor } from "../db/sql.ts";
import { recordAudit, type Actor } from "../identity/audit.ts";
import { IdentityError } from "../identity/errors.ts";
import { connectorIdsOfConnection, outboundPolicyOf, policiesOfConnectors } from "./connection-policy.ts";
import { loadConnections } from "./connections.ts";
import { removalName } from "./deletion-guard.ts";
import { wakeWorker } from "./engine.ts";
import type { DeletionGuard } from "./outbound-policy.ts";
import { recordAttempt } from "./outbox/attempts.ts";
import { dropHeld, heldCounts, heldEvents, releaseHeld, type HeldEvent } from "./outbox/held.ts";

// What an administrator sees and decides of the removals a connection's deletion guard holds.

export interface HeldRemoval {
  seq: number;
  connectorId: string;
  entityType: string;
  entityId: string;
  entityName: string;
  /** delete, or deactivate (an update setting active false) */
  operation: string;
  /** why the change removes the user there: deleted, no longer eligible, provisioning role revoked */
  reason: string | null;
  heldAt: Date;
}

export interface HeldRemovals {
  guard: DeletionGuard;
  totalResults: number;
  items: HeldRemoval[];
}

export const MAX_HELD_PAGE = 500;

function heldRemoval(e: HeldEvent): HeldRemoval {
  const payload = JSON.parse(e.payload) as { name?: string; reason?: string };
  return {
    seq: e.seq,
    connectorId: e.connectorId,
    entityType: e.entityType,
    entityId: e.entityId,
    entityName: payload.name ?? "",
    operation: removalName(e.operation),
    reason: payload.reason ?? (e.operation === "delete" ? "deleted" : "deactivated"),
    heldAt: e.heldAt,
  };
}

/** A connection's held removals, oldest first, a page at a time. */
export async function listHeldRemovals(exec: SqlExecutor, connectionId: string, page: { startIndex?: number; count?: number } = {}): Promise<HeldRemovals> {
  const guard = (await outboundPolicyOf(exec, connectionId)).deletionGuard;
  const connectorIds = await connectorIdsOfConnection(exec, connectionId);
  const startIndex = Math.max(1, Math.floor(page.startIndex ?? 1));
  const count = Math.min(MAX_HELD_PAGE, Math.max(0, Math.floor(page.count ?? 100)));
  const [counts, events] = await Promise.all([heldCounts(exec, connectorIds), heldEvents(exec, connectorIds, undefined, count, startIndex - 1)]);
  return { guard, totalResults: [...counts.values()].reduce((a, b) => a + b, 0), items: events.map(heldRemoval) };
}

export interface HeldByConnection {
  connectionId: string;
  connectionName: string;
  held: number;
}

/** Every connection with removals held, for the provisioning activity page. */
export async function heldRemovalsByConnection(exec: SqlExecutor): Promise<HeldByConnection[]> {
  const counts = await heldCounts(exec);
  if (!counts.size) return [];
  const policies = await policiesOfConnectors(exec, [...counts.keys()]);
  const byConnection = new Map<string, HeldByConnection>();
  for (const [connectorId, n] of counts) {
    const p = policies.get(connectorId);
    if (!p) continue;
    const entry = byConnection.get(p.connectionId) ?? { connectionId: p.connectionId, connectionName: p.connectionName, held: 0 };
    entry.held += n;
    byConnection.set(p.connectionId, entry);
  }
  return [...byConnection.values()].sort((a, b) => a.connectionName.localeCompare(b.connectionName));
}

export type HeldDecision = "approve" | "discard";
export const MAX_DECIDED_SEQS = 10_000;

/**
 * Approve: the held removals are sent (due now; they no longer count toward the threshold). Discard: they are
 * dropped unsent, the users stay at the target. Either is logged per removal and audited once. With no `seqs`,
 * every removal the connection holds; seqs of another connection, or no longer held, are not found.
 */
export async function decideHeldRemovals(sql: Sql, connectionId: string, decision: HeldDecision, seqs: number[] | undefined, actor: Actor): Promise<number> {
  const [connection] = await loadConnections(sql, [connectionId]);
  if (!connection) throw IdentityError.notFound("Connection");
  if (seqs && seqs.length > MAX_DECIDED_SEQS) throw IdentityError.invalid(`At most ${MAX_DECIDED_SEQS} removals at a time`, "seqs");
  const wanted = seqs ? [...new Set(seqs)] : undefined;
  const connectorIds = connection.connectors.map((c) => c.id);
  const done = await sql.transaction(async (tx) => {
    const events = await heldEvents(tx, connectorIds, wanted, wanted ? wanted.length : MAX_DECIDED_SEQS);
    if (wanted && events.length !== wanted.length) {
      const missing = wanted.filter((s) => !events.some((e) => e.seq === s));
      throw IdentityError.invalid(`Not held for this connection: ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? "…" : ""}`, "seqs");
    }
    if (!events.length) return 0;
    const ids = events.map((e) => e.seq);
    const changed = decision === "approve" ? await releaseHeld(tx, ids, new Date()) : await dropHeld(tx, ids);
    for (const event of events) {
      const removal = heldRemoval(event);
      await recordAttempt(tx, {
        eventSeq: event.seq,
        connectorId: event.connectorId,
        connectionName: connection.name,
        connectorType: connection.connectors.find((c) => c.id === event.connectorId)?.type ?? "",
        entityType: event.entityType,
        entityId: event.entityId,
        entityName: removal.entityName,
        operation: removal.operation,
        status: decision === "approve" ? "approved" : "discarded",
        httpStatus: null,
        durationMs: 0,
        error: decision === "approve" ? `Released by ${actor.name}: sent to the target now` : `Discarded by ${actor.name}: not sent; the user stays at the target`,
        attempt: 0,
        request: "",
        response: "",
      });
    }
    await recordAudit(tx, actor, {
      action: decision === "approve" ? "provisioning.deletes-approved" : "provisioning.deletes-discarded",
      targetType: "Connection",
      targetId: connectionId,
      summary: `${changed} held ${changed === 1 ? "removal" : "removals"} ${decision === "approve" ? "approved" : "discarded"}`,
    });
    return changed;
  });
  if (done && decision === "approve") wakeWorker(sql);
  return done;
}
