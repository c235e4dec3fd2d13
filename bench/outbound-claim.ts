// What one claim of the outbox costs as the queue grows: claimEvents (lib/provisioning/outbox/events.ts), the
// worker's claim of 64, timed in process against a fresh database holding 10 … 100,000 due events.
//
//   node --import tsx bench/outbound-claim.ts [sqlite|postgres] [--sizes 10,1000,10000,100000] [--runs 30]
//
// The queue: 4 connectors; one due event per entity, every tenth entity with a second event queued behind its
// first (so the ordering check has work to do). After each timed claim its events are given back (releaseClaims,
// not timed), so every run finds the same queue. Wall time and this process's CPU time (SQLite runs in process).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createSql, type Sql, type SqlExecutor, type SqlParam } from "../lib/db/sql.ts";
import { claimEvents, releaseClaims } from "../lib/provisioning/outbox/events.ts";
import { startPostgres } from "../e2e/support/postgres.ts";
import { prepareDatabase } from "./seed.ts";
import { percentile } from "./stats.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sizes: { type: "string", default: "10,1000,10000,100000" }, runs: { type: "string", default: "30" }, batch: { type: "string", default: "64" } },
});
const dialect = positionals[0] === "postgres" ? "postgres" : "sqlite";
const SIZES = values.sizes.split(",").map(Number);
const RUNS = Number(values.runs);
const BATCH = Number(values.batch);
const CONNECTORS = 4;
const OWNER = "bench-claim";
const COLUMNS = ["connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "blocking", "removal", "createdAt", "updatedAt"];
const PAYLOAD = JSON.stringify({ name: "claim.bench", user: { userName: "claim.bench", name: { givenName: "Claim", familyName: "Bench" } } });

async function insertRows(tx: SqlExecutor, rows: SqlParam[][]): Promise<void> {
  const head = `INSERT INTO "OutboxEvent" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tuple = `(${COLUMNS.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await tx.run(head + chunk.map(() => tuple).join(", "), chunk.flat());
  }
}

/** `due` due events (pending, due a minute ago), as a change would have queued them. */
async function seedQueue(db: Sql, due: number): Promise<void> {
  const now = Date.now();
  const past = new Date(now - 60_000);
  await db.transaction(async (tx) => {
    for (let c = 0; c < CONNECTORS; c++) {
      await tx.run(`INSERT INTO "Connection" ("id", "name", "updatedAt") VALUES (?, ?, ?)`, [`claim-connection-${c}`, `Claim ${c}`, past]);
      await tx.run(`INSERT INTO "Connector" ("id", "connectionId", "type", "updatedAt") VALUES (?, ?, 'scim2', ?)`, [`claim-connector-${c}`, `claim-connection-${c}`, past]);
    }
  });
  for (let from = 0; from < due; from += 10_000) {
    const rows: SqlParam[][] = [];
    for (let i = from; i < Math.min(due, from + 10_000); i++) {
      // every tenth event is the second change of the entity before it: not claimable while that one is open
      const entity = i % 10 === 9 ? i - 1 : i;
      rows.push([`claim-connector-${entity % CONNECTORS}`, "User", `claim-user-${entity}`, "update", PAYLOAD, "pending", 0, past, false, false, past, past]);
    }
    await db.transaction((tx) => insertRows(tx, rows));
  }
  // PostgreSQL's autovacuum would have analysed the table within a minute; the server never runs ANALYZE on SQLite,
  // so its planner works without statistics there, as here
  if (dialect === "postgres") await db.run(`VACUUM ANALYZE "OutboxEvent"`);
}

async function timeClaims(db: Sql): Promise<{ claimed: number; ms: number[]; cpu: number[] }> {
  const ms: number[] = [];
  const cpu: number[] = [];
  let claimed = 0;
  for (let i = -3; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rows = await claimEvents(db, OWNER, BATCH);
    const elapsed = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (i >= 0) {
      ms.push(elapsed);
      cpu.push((c.user + c.system) / 1000);
    }
    claimed = rows.length;
    if (rows.length)
      await releaseClaims(
        db,
        OWNER,
        rows.map((r) => r.seq),
      );
  }
  return { claimed, ms, cpu };
}

async function main() {
  console.log(`${dialect}: claim of ${BATCH}, ${RUNS} runs per size; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
  console.log("| due events | claimed | median ms | p95 ms | median CPU ms (this process) |\n|---|---|---|---|---|");
  for (const size of SIZES) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-claim-"));
    const cluster = dialect === "postgres" ? await startPostgres() : undefined;
    try {
      const url = cluster ? await cluster.createDatabase("claim") : `file:${path.join(dir, "provisio.db")}`;
      await prepareDatabase(url);
      const db = createSql(url);
      try {
        await seedQueue(db, size);
        const { claimed, ms, cpu } = await timeClaims(db);
        console.log(`| ${size.toLocaleString("en")} | ${claimed} | ${percentile(ms, 50).toFixed(2)} | ${percentile(ms, 95).toFixed(2)} | ${percentile(cpu, 50).toFixed(2)} |`);
      } finally {
        await db.close();
      }
    } finally {
      cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
