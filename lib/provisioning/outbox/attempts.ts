import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import { newId } from "../../identity/ids.ts";
import { containsPattern } from "../../identity/users/list-users.ts";
import type { Columns } from "../../generated/tables.ts";
import { countAttempt } from "./hourly-tallies.ts";

// Every delivery attempt, for the provisioning log and each user's status. An attempt keeps the names of its
// connection and connector as they were, so it still reads right once they are renamed or gone.

export interface AttemptRecord {
  eventSeq: number;
  connectorId: string;
  connectionName: string;
  connectorType: string;
  entityType: string;
  entityId: string;
  entityName: string;
  operation: string;
  status: string;
  httpStatus: number | null;
  durationMs: number;
  error: string | null;
  attempt: number;
  request: string;
  response: string;
}

/** Records the attempt and counts it in its connector's hour (hourly-tallies.ts): call it inside a transaction. */
export async function recordAttempt(tx: SqlExecutor, a: AttemptRecord): Promise<void> {
  const at = new Date();
  await tx.run(
    `INSERT INTO "ProvisioningAttempt" ("id", "eventSeq", "connectorId", "connectionName", "connectorType", "entityType", "entityId", "entityName", "operation", "status", "httpStatus", "durationMs", "error", "attempt", "request", "response", "at")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      newId(),
      a.eventSeq,
      a.connectorId,
      a.connectionName,
      a.connectorType,
      a.entityType,
      a.entityId,
      a.entityName,
      a.operation,
      a.status,
      a.httpStatus,
      a.durationMs,
      a.error,
      a.attempt,
      a.request.slice(0, 2000),
      a.response.slice(0, 2000),
      at,
    ],
  );
  await countAttempt(tx, a.connectorId, a.status, at);
}

export interface AttemptFilter {
  /** one attempt */
  id?: string;
  entityType?: string;
  entityId?: string;
  connectorId?: string;
  /** any of these connectors; none matches nothing */
  connectorIds?: string[];
  statuses?: string[];
  since?: Date;
  /** an object's id, or part of its name */
  search?: string;
  /** failed attempts only those still open: not resolved (RESOLVED) */
  openOnly?: boolean;
}

/**
 * SQL (on attempt alias `a`, its event `e`) true for a failed attempt whose change reached the target after all:
 * its own event was delivered later, or a later event for the same object and target was (which supersedes it,
 * so retrying it is refused). Uses the index on ("connectorId", "entityType", "entityId", "seq").
 */
const RESOLVED = `(a."status" IN ('retrying', 'dead') AND (e."status" = 'delivered' OR EXISTS (
  SELECT 1 FROM "OutboxEvent" l WHERE l."connectorId" = a."connectorId" AND l."entityType" = a."entityType" AND l."entityId" = a."entityId" AND l."seq" > a."eventSeq" AND l."status" = 'delivered')))`;

/**
 * One page of attempts, newest first, each with where its event stands now (`eventStatus`, null once the event is
 * gone) and whether a failure was resolved since (`resolved`), and how many match in all.
 */
export async function attemptPage(exec: SqlExecutor, filter: AttemptFilter, count: number, offset: number): Promise<{ total: number; rows: Record<string, unknown>[] }> {
  if (filter.connectorIds && !filter.connectorIds.length) return { total: 0, rows: [] };
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (filter.id) {
    where.push(`a."id" = ?`);
    params.push(filter.id);
  }
  if (filter.entityType) {
    where.push(`a."entityType" = ?`);
    params.push(filter.entityType);
  }
  if (filter.entityId) {
    where.push(`a."entityId" = ?`);
    params.push(filter.entityId);
  }
  if (filter.connectorId) {
    where.push(`a."connectorId" = ?`);
    params.push(filter.connectorId);
  }
  if (filter.connectorIds) {
    where.push(`a."connectorId" IN (${placeholders(filter.connectorIds.length)})`);
    params.push(...filter.connectorIds);
  }
  if (filter.statuses?.length) {
    where.push(`a."status" IN (${placeholders(filter.statuses.length)})`);
    params.push(...filter.statuses);
  }
  if (filter.since) {
    where.push(`a."at" >= ?`);
    params.push(filter.since);
  }
  if (filter.search) {
    where.push(`(a."entityId" = ? OR LOWER(a."entityName") LIKE ? ESCAPE '\\')`);
    params.push(filter.search, containsPattern(filter.search.toLowerCase()));
  }
  if (filter.openOnly) where.push(`NOT ${RESOLVED}`);
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" a LEFT JOIN "OutboxEvent" e ON e."seq" = a."eventSeq" ${clause}`, params),
    exec.all<Record<string, unknown>>(
      `SELECT a.*, e."status" AS "eventStatus", CASE WHEN ${RESOLVED} THEN 1 ELSE 0 END AS "resolved" FROM "ProvisioningAttempt" a LEFT JOIN "OutboxEvent" e ON e."seq" = a."eventSeq"
       ${clause} ORDER BY a."at" DESC, a."eventSeq" DESC, a."attempt" DESC LIMIT ? OFFSET ?`,
      [...params, count, offset],
    ),
  ]);
  return { total: Number(total?.n ?? 0), rows };
}

/** The connectors a user was ever tried at. */
export async function connectorsTriedForUser(exec: SqlExecutor, userId: string): Promise<string[]> {
  const rows = await exec.all<Record<string, unknown>>(`SELECT DISTINCT "connectorId" FROM "ProvisioningAttempt" WHERE "entityType" = 'User' AND "entityId" = ?`, [userId]);
  return rows.map((a) => String(a.connectorId));
}

/** A user's newest attempt at one connector. */
export async function lastUserAttempt(exec: SqlExecutor, userId: string, connectorId: string): Promise<Record<string, unknown> | undefined> {
  return exec.get<Record<string, unknown>>(
    `SELECT * FROM "ProvisioningAttempt" WHERE "entityType" = 'User' AND "entityId" = ? AND "connectorId" = ? ORDER BY "at" DESC, "eventSeq" DESC, "attempt" DESC LIMIT 1`,
    [userId, connectorId],
  );
}

/** The name an object had at its newest attempt with one: all that is left of an object deleted since. */
export async function lastKnownName(exec: SqlExecutor, connectorId: string, entityType: string, entityId: string): Promise<string | undefined> {
  const row = await exec.get<Columns<"ProvisioningAttempt", "entityName">>(
    `SELECT "entityName" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "entityType" = ? AND "entityId" = ? AND "entityName" <> '' ORDER BY "at" DESC LIMIT 1`,
    [connectorId, entityType, entityId],
  );
  return row?.entityName;
}

/** The newest attempt of one event of a user (through the user's index: a user has few attempts). */
export async function lastAttemptOfUserEvent(exec: SqlExecutor, userId: string, eventSeq: number): Promise<Record<string, unknown> | undefined> {
  return exec.get<Record<string, unknown>>(`SELECT * FROM "ProvisioningAttempt" WHERE "entityType" = 'User' AND "entityId" = ? AND "eventSeq" = ? ORDER BY "at" DESC, "attempt" DESC LIMIT 1`, [
    userId,
    eventSeq,
  ]);
}
