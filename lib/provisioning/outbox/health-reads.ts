import type { SqlExecutor } from "../../db/sql.ts";
import { asDate } from "../../db/values.ts";
import type { Columns } from "../../generated/tables.ts";

// Reads for each connector's provisioning health over a recent window, counted per hour in the database (the
// attempts are counted as they are written: hourly-tallies.ts). The events queued read one index range that holds
// every column it needs, OutboxEvent ("createdAt", "connectorId"); never the whole log.

/** The hour an instant falls in, as text the same in both dialects once read (hourStart) */
function hourOf(exec: SqlExecutor, column: string): string {
  // SQLite keeps instants as ISO text ("2026-01-31T09:15:00.000+00:00"), PostgreSQL as timestamps in UTC
  return exec.dialect === "sqlite" ? `substr(${column}, 1, 13)` : `to_char(${column}, 'YYYY-MM-DD HH24')`;
}

/**
 * SQLite's planner, seeing few connectors, prefers walking an index by "connectorId" over the time range: a scan
 * of the whole log. The window's own index is named so that it reads only the window.
 */
function usingIndex(exec: SqlExecutor, index: string): string {
  return exec.dialect === "sqlite" ? `INDEXED BY ${index}` : "";
}

/** "2026-01-31T09" or "2026-01-31 09" → that hour's start */
export function hourStart(hour: string): Date {
  return new Date(`${hour.slice(0, 10)}T${hour.slice(11, 13)}:00:00Z`);
}

export interface HourTally {
  connectorId: string;
  /** the hour's start */
  hour: Date;
  n: number;
}

/** Events queued since the instant, per connector and hour. */
export async function queuedTallies(exec: SqlExecutor, since: Date): Promise<HourTally[]> {
  const rows = await exec.all<{ connectorId: string; hour: string; n: number }>(
    `SELECT "connectorId", ${hourOf(exec, `"createdAt"`)} AS "hour", COUNT(*) AS "n" FROM "OutboxEvent" ${usingIndex(exec, "OutboxEvent_createdAt_connectorId_idx")} WHERE "createdAt" >= ? GROUP BY "connectorId", "hour"`,
    [since],
  );
  return rows.map((r) => ({ connectorId: String(r.connectorId), hour: hourStart(String(r.hour)), n: Number(r.n) }));
}

/** Each connector's newest successful attempt, of the connectors given. */
export async function lastSuccesses(exec: SqlExecutor, connectorIds: string[]): Promise<Map<string, Date>> {
  const found = new Map<string, Date>();
  for (const connectorId of connectorIds) {
    const row = await exec.get<Columns<"ProvisioningAttempt", "at">>(`SELECT "at" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "status" = 'success' ORDER BY "at" DESC LIMIT 1`, [
      connectorId,
    ]);
    if (row) found.set(connectorId, asDate(row.at));
  }
  return found;
}

export interface OpenEventTally {
  connectorId: string;
  /** pending, in_flight or dead */
  status: string;
  n: number;
}

/** Events not delivered, per connector and status: the queue (pending, in flight) and the dead letters. */
export async function openEventTallies(exec: SqlExecutor): Promise<OpenEventTally[]> {
  const rows = await exec.all<{ connectorId: string; status: string; n: number }>(
    `SELECT "connectorId", "status", COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" IN ('pending', 'in_flight', 'dead') GROUP BY "connectorId", "status"`,
  );
  return rows.map((r) => ({ connectorId: String(r.connectorId), status: String(r.status), n: Number(r.n) }));
}
