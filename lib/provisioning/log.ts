import { endPauses, standingPauses } from "./outbox/pauses.ts";
import { remoteIdsOfUser } from "./outbox/remote-mappings.ts";
import { attemptPage, connectorsTriedForUser, lastUserAttempt, type AttemptRecord } from "./outbox/attempts.ts";
import { connectorsOfEvents, eventCounts, undeliveredUserEvents } from "./outbox/queue-reads.ts";
import { requeueFailed } from "./outbox/requeue.ts";
import type { Sql, SqlExecutor } from "../db/sql.ts";
import { asBool, asDate } from "../db/values.ts";
import { IdentityError } from "../identity/errors.ts";
import { userExists } from "../identity/users/user-rows.ts";
import { connectorSummaries } from "./connections.ts";
import { wakeWorker } from "./engine.ts";

export const ATTEMPT_STATUSES = ["success", "retrying", "dead", "skipped", "held", "approved", "discarded"] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface AttemptQuery {
  /** one attempt, by its id */
  id?: string;
  entityType?: string;
  entityId?: string;
  connectorId?: string;
  /** every connector of the connection */
  connectionId?: string;
  /** one status or several */
  status?: string | string[];
  since?: Date;
  /** an object's id, or part of its name */
  search?: string;
  /** leave out failed attempts whose change was delivered since (resolved) */
  openOnly?: boolean;
  /** 1-based */
  startIndex?: number;
  count?: number;
}

export interface AttemptView extends AttemptRecord {
  id: string;
  /** null once the connector is gone; the names are as they were at the attempt */
  connectionId: string | null;
  at: Date;
  /** where the event stands now (pending, in_flight, delivered, dead), null when it no longer exists */
  eventStatus: string | null;
  /** a failed attempt whose change reached the target since: its event, or a later one for the same object */
  resolved: boolean;
}

export const MAX_ATTEMPT_PAGE = 200;

function attemptView(r: Record<string, unknown>): AttemptView {
  return {
    id: String(r.id),
    eventSeq: Number(r.eventSeq),
    connectorId: String(r.connectorId),
    connectionId: r.connectionId === null || r.connectionId === undefined ? null : String(r.connectionId),
    connectionName: String(r.connectionName),
    connectorType: String(r.connectorType),
    entityType: String(r.entityType),
    entityId: String(r.entityId),
    entityName: String(r.entityName ?? ""),
    operation: String(r.operation),
    status: String(r.status),
    httpStatus: r.httpStatus === null || r.httpStatus === undefined ? null : Number(r.httpStatus),
    durationMs: Number(r.durationMs),
    error: r.error === null || r.error === undefined ? null : String(r.error),
    attempt: Number(r.attempt),
    request: String(r.request ?? ""),
    response: String(r.response ?? ""),
    at: asDate(r.at),
    eventStatus: r.eventStatus === null || r.eventStatus === undefined ? null : String(r.eventStatus),
    resolved: asBool(r.resolved),
  };
}

/** The provisioning log, newest first. */
export async function listAttempts(exec: SqlExecutor, query: AttemptQuery): Promise<{ totalResults: number; startIndex: number; items: AttemptView[] }> {
  const startIndex = Math.max(1, Math.floor(query.startIndex ?? 1));
  const count = Math.min(MAX_ATTEMPT_PAGE, Math.max(0, Math.floor(query.count ?? 50)));
  const statuses = (Array.isArray(query.status) ? query.status : query.status ? [query.status] : []).filter(Boolean);
  const unknown = statuses.find((s) => !(ATTEMPT_STATUSES as readonly string[]).includes(s));
  if (unknown) throw IdentityError.invalid(`Unknown status "${unknown}"; use ${ATTEMPT_STATUSES.join(", ")}`, "status");
  if (query.since && Number.isNaN(query.since.getTime())) throw IdentityError.invalid("since must be a date and time", "since");
  // which connectors a connection has, and each attempt's connection: the connections store knows
  const connectors = connectorSummaries(exec);
  const connectorIds = query.connectionId ? (await connectors).filter((c) => c.connectionId === query.connectionId).map((c) => c.id) : undefined;
  const filter = {
    id: query.id,
    openOnly: query.openOnly,
    entityType: query.entityType,
    entityId: query.entityId,
    connectorId: query.connectorId,
    connectorIds,
    statuses,
    since: query.since,
    search: query.search?.trim(),
  };
  const [page, known] = await Promise.all([attemptPage(exec, filter, count, startIndex - 1), connectors]);
  const connectionOf = new Map(known.map((c) => [c.id, c.connectionId]));
  return { totalResults: page.total, startIndex, items: page.rows.map((r) => attemptView({ ...r, connectionId: connectionOf.get(String(r.connectorId)) ?? null })) };
}

export interface ConnectorStatus {
  connectorId: string;
  connectionId: string | null;
  connectionName: string;
  connectorType: string;
  remoteId: string | null;
  lastAttempt: { status: string; operation: string; at: Date; httpStatus: number | null; error: string | null } | null;
  /** waiting for delivery, retries included */
  pending: number;
  dead: number;
  /** the error the newest pending or dead event failed with */
  lastError: string | null;
  /** the events not delivered yet, oldest first, for retrying this user alone */
  openSeqs: number[];
  /** the target did not answer: its changes wait untried until then, when one probe goes out */
  pause: { until: Date; error: string | null } | null;
}

/**
 * The status of a user who exists, or still has a status while its deletion is on its way to the targets;
 * anyone else is not found.
 */
export async function knownUserProvisioningStatus(exec: SqlExecutor, userId: string): Promise<ConnectorStatus[]> {
  const connectors = await userProvisioningStatus(exec, userId);
  if (!connectors.length && !(await userExists(exec, userId))) throw IdentityError.notFound("User");
  return connectors;
}

/** Where one user stands at every connector that has seen it: its remote id, the last result, what is still queued. */
export async function userProvisioningStatus(exec: SqlExecutor, userId: string): Promise<ConnectorStatus[]> {
  const [mappings, events, attempts] = await Promise.all([remoteIdsOfUser(exec, userId), undeliveredUserEvents(exec, userId), connectorsTriedForUser(exec, userId)]);
  const ids = [...new Set([...mappings.map((m) => m.connectorId), ...events.map((e) => e.connectorId), ...attempts])];
  if (!ids.length) return [];
  const connectors = await connectorSummaries(exec, ids);
  const pauses = await standingPauses(exec, ids);
  const out: ConnectorStatus[] = [];
  for (const connectorId of ids) {
    const pause = pauses.find((p) => p.connectorId === connectorId);
    const last = await lastUserAttempt(exec, userId, connectorId);
    const mine = events.filter((e) => e.connectorId === connectorId);
    const connector = connectors.find((c) => c.id === connectorId);
    out.push({
      connectorId,
      connectionId: connector?.connectionId ?? null,
      connectionName: connector?.connectionName ?? (last ? String(last.connectionName) : ""),
      connectorType: connector?.type ?? (last ? String(last.connectorType) : ""),
      remoteId: mappings.find((m) => m.connectorId === connectorId)?.remoteId ?? null,
      lastAttempt: last
        ? {
            status: String(last.status),
            operation: String(last.operation),
            at: asDate(last.at),
            httpStatus: last.httpStatus === null || last.httpStatus === undefined ? null : Number(last.httpStatus),
            error: last.error === null || last.error === undefined ? null : String(last.error),
          }
        : null,
      pending: mine.filter((e) => e.status !== "dead").length,
      dead: mine.filter((e) => e.status === "dead").length,
      lastError: mine.at(-1)?.lastError ?? null,
      openSeqs: mine.map((e) => Number(e.seq)),
      pause: pause ? { until: pause.pausedUntil, error: pause.lastError } : null,
    });
  }
  return out.sort((a, b) => a.connectionName.localeCompare(b.connectionName) || a.connectorType.localeCompare(b.connectorType));
}

export const MAX_RETRY_SEQS = 1000;

/**
 * Puts failed events back in the queue for delivery now: dead ones start their retry budget again, pending
 * ones skip the rest of their backoff. A dead event whose entity a later event already reached the target
 * with stays dead: its snapshot is older than what the target has, and replaying it would undo that change.
 * With neither seqs nor a connector, every failed event is retried.
 */
export async function retryEvents(sql: Sql, options: { seqs?: number[]; connectorId?: string } = {}): Promise<number> {
  const seqs = options.seqs ? [...new Set(options.seqs)] : undefined;
  if (seqs && !seqs.length) return 0;
  if (seqs && seqs.length > MAX_RETRY_SEQS) throw IdentityError.invalid(`At most ${MAX_RETRY_SEQS} events at a time`, "seqs");
  if (seqs?.some((s) => !Number.isSafeInteger(s))) throw IdentityError.invalid("seqs must be event numbers", "seqs");
  const changed = await requeueFailed(sql, { seqs, connectorId: options.connectorId }, new Date());
  // "retry now" means now: the pauses of the targets concerned end too
  if (options.connectorId || !seqs) await endPauses(sql, options.connectorId);
  else {
    for (const connectorId of await connectorsOfEvents(sql, seqs)) await endPauses(sql, connectorId);
  }
  if (changed) wakeWorker(sql);
  return changed;
}

export interface QueueCounts {
  pending: number;
  /** pending events that failed at least once and wait for their next try */
  retrying: number;
  inFlight: number;
  delivered: number;
  dead: number;
}

export interface QueueSummary {
  totals: QueueCounts;
  connectors: (QueueCounts & {
    connectorId: string;
    connectionId: string | null;
    connectionName: string;
    connectorType: string;
    /** the target did not answer: nothing is sent before this, then one probe (null: not paused) */
    pausedUntil: Date | null;
    /** failed tries in a row while paused */
    outageFailures: number;
  })[];
}

const emptyCounts = (): QueueCounts => ({ pending: 0, retrying: 0, inFlight: 0, delivered: 0, dead: 0 });

/** The outbox by status, overall and per connector. */
export async function queueSummary(exec: SqlExecutor): Promise<QueueSummary> {
  const [rows, connectors, pauses] = await Promise.all([eventCounts(exec), connectorSummaries(exec), standingPauses(exec)]);
  const pauseOf = new Map(pauses.map((p) => [p.connectorId, p]));
  const totals = emptyCounts();
  const byConnector = new Map<string, QueueCounts>();
  for (const c of connectors) byConnector.set(c.id, emptyCounts());
  for (const r of rows) {
    const counts = byConnector.get(r.connectorId) ?? emptyCounts();
    byConnector.set(r.connectorId, counts);
    const n = Number(r.n);
    for (const target of [counts, totals]) {
      if (r.status === "pending") {
        target.pending += n;
        target.retrying += Number(r.retrying ?? 0);
      } else if (r.status === "in_flight") target.inFlight += n;
      else if (r.status === "delivered") target.delivered += n;
      else if (r.status === "dead") target.dead += n;
    }
  }
  const list = [...byConnector].map(([connectorId, counts]) => {
    const c = connectors.find((x) => x.id === connectorId);
    const pause = pauseOf.get(connectorId);
    return {
      connectorId,
      connectionId: c?.connectionId ?? null,
      connectionName: c?.connectionName ?? "",
      connectorType: c?.type ?? "",
      ...counts,
      pausedUntil: pause ? pause.pausedUntil : null,
      outageFailures: pause ? pause.failures : 0,
    };
  });
  list.sort((a, b) => a.connectionName.localeCompare(b.connectionName) || a.connectorType.localeCompare(b.connectorType));
  return { totals, connectors: list };
}
