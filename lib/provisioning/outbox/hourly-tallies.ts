import type { SqlExecutor } from "../../db/sql.ts";
import { asDate } from "../../db/values.ts";
import type { Columns } from "../../generated/tables.ts";

// Each connector's attempts per hour, counted as they are recorded (in the attempt's own transaction), so the
// provisioning health reads 24 rows per connector instead of a day of the attempt log.

const HOUR_MS = 3_600_000;

/** What an attempt of this status adds to its hour's counts; statuses that are no delivery try (held, approved, discarded) add nothing. */
const COUNTS: Record<string, { successes: number; failures: number; deadLetters: number; settled: number }> = {
  success: { successes: 1, failures: 0, deadLetters: 0, settled: 1 },
  skipped: { successes: 0, failures: 0, deadLetters: 0, settled: 1 },
  retrying: { successes: 0, failures: 1, deadLetters: 0, settled: 0 },
  dead: { successes: 0, failures: 1, deadLetters: 1, settled: 1 },
};

export const hourOfInstant = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/** Counts one attempt in its connector's hour. Run in the transaction that records the attempt. */
export async function countAttempt(tx: SqlExecutor, connectorId: string, status: string, at: Date): Promise<void> {
  const c = COUNTS[status];
  if (!c) return;
  await tx.run(
    `INSERT INTO "ProvisioningHourlyTally" ("connectorId", "hour", "successes", "failures", "deadLetters", "settled") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("connectorId", "hour") DO UPDATE SET "successes" = "ProvisioningHourlyTally"."successes" + excluded."successes",
       "failures" = "ProvisioningHourlyTally"."failures" + excluded."failures", "deadLetters" = "ProvisioningHourlyTally"."deadLetters" + excluded."deadLetters",
       "settled" = "ProvisioningHourlyTally"."settled" + excluded."settled"`,
    [connectorId, hourOfInstant(at), c.successes, c.failures, c.deadLetters, c.settled],
  );
}

export interface HourlyCounts {
  connectorId: string;
  /** the hour's start */
  hour: Date;
  successes: number;
  failures: number;
  deadLetters: number;
  settled: number;
}

/** The counts of every connector's hours from the instant's hour on. */
export async function hourlyCounts(exec: SqlExecutor, since: Date): Promise<HourlyCounts[]> {
  const rows = await exec.all<Columns<"ProvisioningHourlyTally", "connectorId" | "hour" | "successes" | "failures" | "deadLetters" | "settled">>(
    `SELECT "connectorId", "hour", "successes", "failures", "deadLetters", "settled" FROM "ProvisioningHourlyTally" WHERE "hour" >= ?`,
    [hourOfInstant(since)],
  );
  return rows.map((r) => ({
    connectorId: String(r.connectorId),
    hour: asDate(r.hour),
    successes: Number(r.successes),
    failures: Number(r.failures),
    deadLetters: Number(r.deadLetters),
    settled: Number(r.settled),
  }));
}

/** Counts the whole attempt log again (for logs written before the counts were kept, or seeded without them). */
export async function recountHourlyTallies(exec: SqlExecutor): Promise<void> {
  await exec.run(`DELETE FROM "ProvisioningHourlyTally"`);
  const hour = exec.dialect === "sqlite" ? `substr("at", 1, 13) || ':00:00.000+00:00'` : `date_trunc('hour', "at")`;
  await exec.run(
    `INSERT INTO "ProvisioningHourlyTally" ("connectorId", "hour", "successes", "failures", "deadLetters", "settled")
     SELECT "connectorId", ${hour},
       SUM(CASE WHEN "status" = 'success' THEN 1 ELSE 0 END), SUM(CASE WHEN "status" IN ('retrying', 'dead') THEN 1 ELSE 0 END),
       SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END), SUM(CASE WHEN "status" IN ('success', 'skipped', 'dead') THEN 1 ELSE 0 END)
     FROM "ProvisioningAttempt" WHERE "status" IN ('success', 'skipped', 'retrying', 'dead') GROUP BY "connectorId", ${hour}`,
  );
}
