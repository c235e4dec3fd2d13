// The outage measurement of the outbound engine: a target (B) stopped for a while with many changes queued at A,
// then started again. Reports what the issue's acceptance asks: every change arrives once, none is dead, and the
// tries beyond one per change are only the probes of the paused target.
//
//   node --import tsx bench/outage.ts [--changes 500] [--down 120] [--no-build]
//
// Two production servers (server.ts, SQLite, fresh data folders) on 127.0.0.1, with A's default retry policy
// (10 attempts, 1 s doubling): the pause of B grows from 1 s to its cap of a minute. The server starts from a
// Next build (scripts/build-if-needed.mjs runs first unless --no-build: /scim2 and the outbound worker run
// from the sources, so an older build measures the same engine).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createSql } from "../lib/db/sql.ts";
import { provisionTo } from "../e2e/support/outbound-setup.ts";
import { freePortAsync, removeDataDir, startProvisio, type ProvisioInstance } from "../e2e/support/provisio.ts";
import { BULK_SCHEMA, call, countUsers, ensureBuild, log, root, sleep, userBody } from "./outbound-support.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CHANGES = arg("changes", 500);
const DOWN_SECONDS = arg("down", 120);

interface Figures {
  changes: number;
  downSeconds: number;
  delivered: number;
  dead: number;
  /** every try A made (one log entry each) */
  tries: number;
  /** tries that count toward dead-lettering: one per change when nothing failed for an object */
  countedTries: number;
  /** failed tries while B was down: the sends under way when it went down, then one probe per pause */
  failedWhileDown: number;
  /** failed tries after B was started again (a probe in flight as it came back, at most) */
  failedAfter: number;
  /** the pause lengths between probes while B was down, in seconds */
  probeGapsSeconds: number[];
  /** users at B with the run's prefix, and distinct remote ids A stored: equal to changes when none is doubled */
  atB: number;
  distinctRemoteIds: number;
  /** creates answered 409 at B and linked instead: a doubled send would show here */
  linked: number;
  recoverySeconds: number;
}

async function measure(a: ProvisioInstance, stopB: () => Promise<void>, startB: () => Promise<ProvisioInstance>, prefix: string): Promise<Figures> {
  await stopB();
  log(`B stopped; queueing ${CHANGES} creates at A`);
  for (let first = 0; first < CHANGES; first += 250) {
    const count = Math.min(250, CHANGES - first);
    const Operations = Array.from({ length: count }, (_, j) => ({ method: "POST", path: "/Users", bulkId: `u${first + j}`, data: userBody(`${prefix}${first + j}`, first + j) }));
    const r = await call(`http://127.0.0.1:${a.port}`, "POST", "/scim2/Bulk", { schemas: [BULK_SCHEMA], Operations });
    if (r.status !== 200) throw new Error(`Bulk answered ${r.status}: ${r.body.slice(0, 300)}`);
  }
  const downSince = Date.now();
  const sql = createSql(a.databaseUrl);
  try {
    const failed = async (since?: Date) =>
      Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "status" <> 'success'${since ? ` AND "at" >= ?` : ""}`, since ? [since] : []))!.n);
    while (Date.now() - downSince < DOWN_SECONDS * 1000) {
      await sleep(10_000);
      log(`  B down ${Math.round((Date.now() - downSince) / 1000)} s: ${await failed()} failed tries so far`);
    }
    const failedWhileDown = await failed();
    const upAt = new Date();
    await startB();
    log("B started again; waiting for every change to arrive");
    const b = `http://127.0.0.1:${portB}`;
    let atB = 0;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      atB = await countUsers(b, prefix);
      const open = Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" IN ('pending', 'in_flight')`))!.n);
      if (atB >= CHANGES && open === 0) break;
      await sleep(500);
    }
    const recoverySeconds = (Date.now() - upAt.getTime()) / 1000;
    await sleep(2_000);
    const outbox = (await sql.get<{ delivered: number; dead: number; tries: number; counted: number }>(
      `SELECT SUM(CASE WHEN "status" = 'delivered' THEN 1 ELSE 0 END) AS "delivered", SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END) AS "dead",
              SUM("attempts") AS "tries", SUM("attempts" - "outageTries") AS "counted" FROM "OutboxEvent"`,
    ))!;
    const logged = await sql.all<{ status: string; operation: string; at: unknown }>(`SELECT "status", "operation", "at" FROM "ProvisioningAttempt" ORDER BY "at"`);
    const failures = logged.filter((l) => l.status !== "success").map((l) => new Date(String(l.at).replace(" ", "T")).getTime());
    const gaps = failures
      .slice(1)
      .map((t, i) => Math.round((t - failures[i]!) / 100) / 10)
      .filter((g) => g >= 0.5);
    const mapped = (await sql.get<{ n: number; d: number }>(`SELECT COUNT(*) AS "n", COUNT(DISTINCT "remoteId") AS "d" FROM "RemoteMapping" WHERE "entityType" = 'User'`))!;
    return {
      changes: CHANGES,
      downSeconds: DOWN_SECONDS,
      delivered: Number(outbox.delivered),
      dead: Number(outbox.dead ?? 0),
      tries: logged.length,
      countedTries: Number(outbox.counted),
      failedWhileDown,
      failedAfter: await failed(upAt),
      probeGapsSeconds: gaps,
      atB,
      distinctRemoteIds: Number(mapped.d),
      linked: logged.filter((l) => l.operation === "link+update").length,
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
    };
  } finally {
    await sql.close();
  }
}

let portB = 0;

async function main() {
  if (!process.argv.includes("--no-build")) await ensureBuild(process.env.PROVISIO_NEXT_DIST ?? ".next");
  portB = await freePortAsync();
  let b: ProvisioInstance | undefined = await startProvisio({ port: portB });
  const dirB = b.dataDir;
  const a = await startProvisio();
  try {
    await provisionTo(a, { baseUrl: `http://127.0.0.1:${portB}` }, { name: "outage-b" });
    const f = await measure(
      a,
      async () => {
        await b!.stop();
        b = undefined;
      },
      async () => (b = await startProvisio({ port: portB, dataDir: dirB })),
      `outage.${Date.now().toString(36)}.`,
    );
    console.log(JSON.stringify(f, null, 2));
    const file = path.join(root, "bench", "results", `outage-${new Date().toISOString().slice(0, 10)}.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), settings: { changes: CHANGES, downSeconds: DOWN_SECONDS }, figures: f }, null, 2) + "\n");
    const once = f.atB === CHANGES && f.distinctRemoteIds === CHANGES && f.linked === 0;
    const bound = f.tries <= CHANGES + f.failedWhileDown + f.failedAfter;
    log(
      `${f.changes} changes, B down ${f.downSeconds} s: ${f.delivered} delivered, ${f.dead} dead, ${f.tries} tries ` +
        `(${f.countedTries} counted; ${f.failedWhileDown} failed while down, ${f.failedAfter} after), at B ${f.atB}, ` +
        `duplicates ${f.atB - f.distinctRemoteIds + f.linked}, all there ${f.recoverySeconds} s after B started: ` +
        (once && f.dead === 0 && bound ? "met" : "NOT met"),
    );
  } finally {
    await Promise.all([a.stop(), b?.stop()]);
    removeDataDir(a.dataDir);
    removeDataDir(dirB);
  }
}

await main();
