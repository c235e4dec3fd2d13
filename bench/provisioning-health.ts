// What the console's home page and connections list cost on a large provisioning log: GET
// /api/server/v1/provisioning/health (lib/provisioning/health.ts) and the activity page's "Failed" filter with
// resolved failures left out, timed in process against a seeded database.
//
//   node --import tsx bench/provisioning-health.ts [sqlite|postgres] [attempts]
//
// The seed: 4 connections with a SCIM 2.0 connector each, `attempts` attempts (100,000 by default) spread over the
// last 24 hours, one event each: 90 % delivered at the first try, 4 % delivered after a failed try (resolved
// failures), 3 % dead, 3 % pending after a failure; and as many older attempts and events (8 to 30 days old) that
// the 24-hour window must not read.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSql, type SqlExecutor, type SqlParam } from "../lib/db/sql.ts";
import { provisioningHealth } from "../lib/provisioning/health.ts";
import { listAttempts } from "../lib/provisioning/log.ts";
import { recountHourlyTallies } from "../lib/provisioning/outbox/hourly-tallies.ts";
import { startPostgres } from "../e2e/support/postgres.ts";
import { prepareDatabase } from "./seed.ts";
import { percentile } from "./stats.ts";

const dialect = process.argv[2] === "postgres" ? "postgres" : "sqlite";
const N = Number(process.argv[3] ?? 100_000);
const RUNS = 30;
const CONNECTORS = 4;
const DAY = 86_400_000;

async function insertRows(tx: SqlExecutor, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await tx.run(head + chunk.map(() => tuple).join(", "), chunk.flat());
  }
}

const EVENT_COLUMNS = ["seq", "connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "lastError", "createdAt", "updatedAt"];
const ATTEMPT_COLUMNS = [
  "id",
  "eventSeq",
  "connectorId",
  "connectionName",
  "connectorType",
  "entityType",
  "entityId",
  "entityName",
  "operation",
  "status",
  "httpStatus",
  "durationMs",
  "error",
  "attempt",
  "request",
  "response",
  "at",
];
const REQUEST = `POST http://127.0.0.1:1/scim2/Users\n${JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "hb.user", active: true })}`;

/** One event and its attempts, `at` ms ago; `kind` picks its fate. */
function eventRows(seq: number, at: number, kind: "ok" | "resolved" | "dead" | "retrying", now: number) {
  const connectorId = `bench-connector-${seq % CONNECTORS}`;
  const entityId = `hb-user-${seq}`;
  const created = new Date(now - at);
  const settled = new Date(now - at + 2_000);
  const status = kind === "ok" || kind === "resolved" ? "delivered" : kind === "dead" ? "dead" : "pending";
  const event: SqlParam[] = [seq, connectorId, "User", entityId, "create", "{}", status, kind === "ok" ? 1 : 2, settled, kind === "ok" || kind === "resolved" ? null : "HTTP 500", created, settled];
  const attempt = (n: number, s: string, when: Date): SqlParam[] => [
    randomUUID(),
    seq,
    connectorId,
    `Bench ${seq % CONNECTORS}`,
    "scim2",
    "User",
    entityId,
    `hb.user.${seq}`,
    "create",
    s,
    s === "success" ? 201 : 500,
    4,
    s === "success" ? null : "HTTP 500: partner store offline",
    n,
    REQUEST,
    "HTTP 201",
    when,
  ];
  const attempts =
    kind === "ok"
      ? [attempt(1, "success", created)]
      : kind === "resolved"
        ? [attempt(1, "retrying", created), attempt(2, "success", settled)]
        : [attempt(1, kind === "dead" ? "dead" : "retrying", created)];
  return { event, attempts };
}

async function seedLog(db: ReturnType<typeof createSql>, now: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (let c = 0; c < CONNECTORS; c++) {
      await tx.run(`INSERT INTO "Connection" ("id", "name", "updatedAt") VALUES (?, ?, ?)`, [`bench-connection-${c}`, `Bench ${c}`, new Date(now)]);
      await tx.run(`INSERT INTO "Connector" ("id", "connectionId", "type", "updatedAt") VALUES (?, ?, 'scim2', ?)`, [`bench-connector-${c}`, `bench-connection-${c}`, new Date(now)]);
    }
  });
  const kindOf = (i: number) => (i % 100 < 90 ? "ok" : i % 100 < 94 ? "resolved" : i % 100 < 97 ? "dead" : "retrying") as "ok" | "resolved" | "dead" | "retrying";
  for (let from = 0; from < 2 * N; from += 10_000) {
    const events: SqlParam[][] = [];
    const attempts: SqlParam[][] = [];
    for (let i = from; i < Math.min(2 * N, from + 10_000); i++) {
      // the first N are older than the window, the next N spread over the last day
      const ago = i < N ? 8 * DAY + (i / N) * 22 * DAY : ((2 * N - i) / N) * (DAY - 60_000);
      const rows = eventRows(i + 1, ago, kindOf(i), now);
      events.push(rows.event);
      attempts.push(...rows.attempts);
    }
    await db.transaction(async (tx) => {
      await insertRows(tx, "OutboxEvent", EVENT_COLUMNS, events);
      await insertRows(tx, "ProvisioningAttempt", ATTEMPT_COLUMNS, attempts);
    });
  }
  // the attempts were written directly: count them per hour as the application would have as it wrote them
  await recountHourlyTallies(db);
  if (dialect === "postgres") await db.run(`VACUUM ANALYZE`);
  else await db.run(`ANALYZE`);
}

/**
 * Wall time, and this process's CPU time: on a machine shared with other work the wall time grows with the load,
 * while the CPU time of SQLite (which runs in this process) stays close to what the query costs.
 */
async function time(label: string, work: () => Promise<unknown>): Promise<void> {
  await work();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(`| ${label} | ${percentile(ms, 50).toFixed(1)} | ${percentile(ms, 95).toFixed(1)} | ${percentile(cpu, 50).toFixed(1)} |`);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-health-"));
  const cluster = dialect === "postgres" ? await startPostgres() : undefined;
  const url = cluster ? await cluster.createDatabase("health") : `file:${path.join(dir, "provisio.db")}`;
  try {
    await prepareDatabase(url);
    const db = createSql(url);
    const now = Date.now();
    const t0 = performance.now();
    await seedLog(db, now);
    const count = await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt"`);
    console.log(`${dialect}: ${Number(count?.n)} attempts (${N} in the last 24 h) seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${RUNS} runs each\n`);
    console.log(`load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
    console.log("| query | median ms | p95 ms | median CPU ms (this process) |\n|---|---|---|---|");
    if (process.env.HEALTH_PARTS) {
      const { hourBoundaries } = await import("../lib/provisioning/health-series.ts");
      const reads = await import("../lib/provisioning/outbox/health-reads.ts");
      const b = hourBoundaries(new Date());
      const { hourlyCounts } = await import("../lib/provisioning/outbox/hourly-tallies.ts");
      await time("hourlyCounts", () => hourlyCounts(db, b[0]!));
      await time("queuedTallies", () => reads.queuedTallies(db, b[0]!));
      await time("openEventTallies", () => reads.openEventTallies(db));
      await time("lastSuccesses", () =>
        reads.lastSuccesses(
          db,
          [0, 1, 2, 3].map((c) => `bench-connector-${c}`),
        ),
      );
    }
    await time("provisioning health (GET /provisioning/health)", () => provisioningHealth(db));
    await time("open failures, first page (Failed filter)", () => listAttempts(db, { status: ["retrying", "dead"], openOnly: true, count: 25 }));
    await time("failures with resolved ones, first page", () => listAttempts(db, { status: ["retrying", "dead"], count: 25 }));
    await db.close();
  } finally {
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
