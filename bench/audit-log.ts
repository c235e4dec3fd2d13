// The audit log's page query at a million rows: seeds AuditEvent straight into a fresh database (the rows
// recordAudit writes: time-ordered ids, a few actors, every channel, the usual actions and targets), then times
// listAuditEvents, the store read behind GET /api/server/v1/audit-events, for the first page and a deep one, with
// and without each filter.
//
//   node --import tsx bench/audit-log.ts <DATABASE_URL> [rows]     e.g. file:/tmp/audit-bench.db 1000000
import { pathToFileURL } from "node:url";
import { createSql, type SqlParam } from "../lib/db/sql.ts";
import { migrate } from "../lib/db/migrate.ts";
import { listAuditEvents } from "../lib/identity/audit.ts";
import { AUDIT_CHANNELS, decodeAuditCursor, type AuditFilter } from "../lib/identity/audit-filter.ts";
import { timeOrderedId } from "../lib/identity/ids.ts";

const ACTORS = ["admin", "alice", "bob", "entra-sync", "okta", "system", "carol", "dave", "erin", "frank"];
const TARGETS = [
  ["User", ["user.create", "user.update", "user.delete"]],
  ["Group", ["group.create", "group.update"]],
  ["Role", ["role.update"]],
  ["Application", ["application.update"]],
  ["Connection", ["connection.update"]],
] as const;

async function seed(url: string, rows: number): Promise<void> {
  const sql = createSql(url);
  const start = Date.now() - rows * 1000; // one event a second, ending now
  const batch = 500;
  for (let done = 0; done < rows;) {
    await sql.transaction(async (tx) => {
      for (let chunk = 0; chunk < 20 && done < rows; chunk++) {
        const n = Math.min(batch, rows - done);
        const params: SqlParam[] = [];
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const at = start + k * 1000;
          const [targetType, actions] = TARGETS[k % TARGETS.length]!;
          // one actor in ten thousand events: a filter that a time index alone would answer by scanning
          const actor = k % 10_000 === 7 ? "rare-auditor" : ACTORS[k % ACTORS.length]!;
          params.push(timeOrderedId(at), new Date(at), actor, AUDIT_CHANNELS[k % AUDIT_CHANNELS.length]!, actions[k % actions.length]!, targetType, `t-${k % 50_000}`, `summary ${k}`);
        }
        await tx.run(
          `INSERT INTO "AuditEvent" ("id", "at", "actor", "channel", "action", "targetType", "targetId", "summary") VALUES ${Array.from({ length: n }, () => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
          params,
        );
        done += n;
      }
    });
  }
  if (sql.dialect === "postgres") await sql.run(`ANALYZE "AuditEvent"`);
  else await sql.run(`ANALYZE`);
  await sql.close();
}

async function time(label: string, run: () => Promise<unknown>, repeat = 30): Promise<string> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const p95 = samples[Math.floor(samples.length * 0.95)]!;
  return `| ${label} | ${median.toFixed(2)} | ${p95.toFixed(2)} |`;
}

async function main() {
  const [url, rowsArg] = process.argv.slice(2);
  if (!url) throw new Error("usage: node --import tsx bench/audit-log.ts <DATABASE_URL> [rows]");
  const rows = Number(rowsArg ?? 1_000_000);
  const t0 = Date.now();
  // a database seeded by an earlier run is measured again as it is
  const sql = createSql(url);
  await migrate(url);
  const existing = Number((await sql.get<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent"`))?.n ?? 0);
  if (existing < rows) {
    await seed(url, rows - existing);
    console.log(`seeded ${(rows - existing).toLocaleString("en")} audit events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const [rareActor, someTarget] = ["rare-auditor", "t-1234"];
  const page = (filter: AuditFilter, after?: string) => () => listAuditEvents(sql, filter, { count: 50, after: after ? decodeAuditCursor(after) : undefined });
  // a cursor half-way down the log: the page after it must cost what the first one does
  const middle = new Date(Date.now() - (rows / 2) * 1000);
  const deep = (await listAuditEvents(sql, {}, { count: 1, after: { at: middle, id: "ffffffff" } })).nextCursor!;
  const lines = [
    "| page of 50 | median ms | p95 ms |",
    "|---|---|---|",
    await time("newest, no filter", page({})),
    await time("half-way down (cursor), no filter", page({}, deep)),
    await time("channel = scim", page({ channel: "scim" })),
    await time("channel = scim, half-way down", page({ channel: "scim" }, deep)),
    await time(`actor = ${rareActor} (1 in 10,000)`, page({ actor: rareActor })),
    await time("action = user.update + last 7 days", page({ action: "user.update", from: new Date(Date.now() - 7 * 86_400_000) })),
    await time(`targetType = User, targetId = ${someTarget}`, page({ targetType: "User", targetId: someTarget })),
    await time("actor = alice + channel = scim + targetType = User", page({ actor: "alice", channel: "scim", targetType: "User" })),
  ];
  console.log(`\n${sql.dialect}, ${rows.toLocaleString("en")} rows\n\n${lines.join("\n")}`);
  await sql.close();
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
