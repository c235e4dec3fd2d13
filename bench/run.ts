// One full benchmark run for one database dialect against the production server (server.ts on the Next build):
// fresh database, N users loaded, server started, warmed up, every scenario measured, results printed and saved.
//
//   node --import tsx bench/run.ts sqlite|postgres [--users 100000] [--duration 10] [--connections 32]
//       [--only ceiling,get,filter,page,post,bulk,patch] [--profile] [--quiet-wait 15] [--no-priority] [--label name]
//
// Everything talks to 127.0.0.1 only, and every load phase has a fixed duration.
import { type RequestSpec } from "autocannon";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startPostgres, type PostgresCluster } from "../e2e/support/postgres.ts";
import { freePort, startProvisio, removeDataDir, type ProvisioInstance } from "../e2e/support/provisio.ts";
import { prepareDatabase, seedUsers, type SeedResult } from "./seed.ts";
import { createSql } from "../lib/db/sql.ts";
import { codeVersion, inOwnSession, machine, raisePriority } from "./host.ts";
import { median, percentile, round } from "./stats.ts";
import { serverProfiler } from "./profile.ts";
import { cpuWindow, findPidByEnv, postgresPids, type CpuShares } from "./cpu.ts";
import {
  buildPresent,
  ceilingSpec,
  cpuText,
  DISTURBED,
  ensureBuild,
  leastDisturbed as leastDisturbedFor,
  load as loadPhase,
  log,
  quiet as quietFor,
  startCeilingServer,
  type LoadFigures,
  type Target,
} from "./load.ts";
import { memoryOf } from "./outbound-support.ts";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

// ---------- options ----------

const ALL_SCENARIOS = ["ceiling", "get", "filter", "page", "post", "bulk", "patch"] as const;
type ScenarioName = (typeof ALL_SCENARIOS)[number];

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    users: { type: "string", default: "100000" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    only: { type: "string", default: ALL_SCENARIOS.join(",") },
    profile: { type: "boolean", default: false },
    "quiet-wait": { type: "string", default: "15" },
    "no-priority": { type: "boolean", default: false },
    label: { type: "string" },
  },
});
const dialect = positionals[0];
if (dialect !== "sqlite" && dialect !== "postgres") {
  console.error("usage: node --import tsx bench/run.ts sqlite|postgres [--users N] [--duration s] [--connections n] [--only a,b] [--profile]");
  process.exit(2);
}
const USERS = Number(opts.users);
const DURATION = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const WARMUP_SECONDS = 3;
const SINGLE_SECONDS = 5;
const BULK_OPERATIONS = 1000;
const BULK_RUNS = 5;
const PATCH_RUNS = 30;
const PROFILE = opts.profile;
// how long to wait, before each measured phase, for other work on the machine to calm down
const QUIET_WAIT = Number(opts["quiet-wait"]);
// The machine is shared with other builds and test suites: the measured processes (this load generator, the
// server, PostgreSQL) run at a higher priority so the figures describe the machine rather than its neighbours.
// The CPU split of each phase still shows what the rest of the machine took.
const PRIORITY = opts["no-priority"] ? undefined : -10;

const only = new Set(opts.only.split(",")) as Set<string>;
const wanted = (s: ScenarioName) => only.has(s);

const AUTH = `Basic ${Buffer.from(`${process.env.ADMIN_USERNAME ?? "admin"}:${process.env.ADMIN_PASSWORD ?? "admin"}`).toString("base64")}`;
const SCIM_JSON = "application/scim+json";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

// ---------- helpers ----------

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
const quiet = (what: string) => quietFor(what, QUIET_WAIT);
const leastDisturbed = <T>(what: string, attempt: () => Promise<T>, otherOf: (value: T) => number | undefined) => leastDisturbedFor(what, attempt, otherOf, QUIET_WAIT);
const load = (target: Target, spec: RequestSpec, seconds: number, connections = CONNECTIONS) => loadPhase(target, spec, seconds, connections);

/** Requests a loaded phase left queued are still being answered after the client went away: wait them out. */
async function drain(port: number) {
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    await fetch(`http://127.0.0.1:${port}/scim2/ServiceProviderConfig`).then((r) => r.arrayBuffer());
    if (performance.now() - started < 20) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

// ---------- SCIM payloads ----------

const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support"];
let created = 0;
const runTag = Date.now().toString(36);

function newUser(prefix: string) {
  const n = created++;
  const userName = `${prefix}.${runTag}.${n}`;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    userName,
    name: { givenName: "Bench", familyName: `User ${n}` },
    displayName: `Bench User ${n}`,
    emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
    active: true,
    [ENTERPRISE_SCHEMA]: { department: DEPARTMENTS[n % DEPARTMENTS.length], employeeNumber: `B${n}` },
  };
}

async function scim(port: number, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/scim2${pathAndQuery}`, {
    method,
    headers: { authorization: AUTH, accept: SCIM_JSON, ...(body === undefined ? {} : { "content-type": SCIM_JSON }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

// ---------- scenarios ----------

interface Scenario {
  name: ScenarioName;
  title: string;
  target: string;
  spec: RequestSpec;
  meets(f: LoadFigures): boolean;
  /** for a target on latency alone: the p50 bound, also checked on the single-connection pass */
  latencyOnly?: number;
}

function loadScenarios(seed: SeedResult): Scenario[] {
  const headers = { authorization: AUTH, accept: SCIM_JSON };
  const lastStart = Math.max(1, seed.users - 99);
  return [
    {
      name: "get",
      title: "GET /Users/{id}",
      target: ">= 5,000 req/s, p99 < 20 ms",
      spec: { method: "GET", headers, setupRequest: (req) => ({ ...req, path: `/scim2/Users/${pick(seed.sampleIds)}` }) },
      meets: (f) => f.reqPerSec >= 5000 && f.p99 < 20,
    },
    {
      name: "filter",
      title: 'GET /Users?filter=userName eq "…"',
      target: ">= 3,000 req/s",
      spec: { method: "GET", headers, setupRequest: (req) => ({ ...req, path: `/scim2/Users?filter=${encodeURIComponent(`userName eq "${pick(seed.sampleUserNames)}"`)}` }) },
      meets: (f) => f.reqPerSec >= 3000,
    },
    {
      name: "page",
      title: "GET /Users?sortBy=userName&count=100&startIndex=random",
      target: "p50 < 30 ms",
      spec: { method: "GET", headers, setupRequest: (req) => ({ ...req, path: `/scim2/Users?sortBy=userName&count=100&startIndex=${1 + Math.floor(Math.random() * lastStart)}` }) },
      meets: (f) => f.p50 < 30,
      latencyOnly: 30,
    },
    {
      name: "post",
      title: "POST /Users (no password)",
      target: ">= 1,500 req/s",
      spec: { method: "POST", path: "/scim2/Users", headers: { ...headers, "content-type": SCIM_JSON }, setupRequest: (req) => ({ ...req, body: JSON.stringify(newUser("post")) }) },
      meets: (f) => f.reqPerSec >= 1500,
    },
  ];
}

async function bulkRun(port: number): Promise<{ ms: number; ids: string[] }> {
  const Operations = Array.from({ length: BULK_OPERATIONS }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: newUser("bulk") }));
  const r = await scim(port, "POST", "/Bulk", { schemas: [BULK_SCHEMA], Operations });
  if (r.status !== 200) throw new Error(`Bulk answered ${r.status}: ${r.body.slice(0, 500)}`);
  const ops = (JSON.parse(r.body) as { Operations: { status: string; location?: string }[] }).Operations;
  const failed = ops.filter((o) => o.status !== "201");
  if (ops.length !== BULK_OPERATIONS || failed.length) throw new Error(`Bulk: ${ops.length} results, ${failed.length} not 201 (first: ${JSON.stringify(failed[0])})`);
  return { ms: r.ms, ids: ops.map((o) => o.location!.slice(o.location!.lastIndexOf("/") + 1)) };
}

async function patchRun(port: number, groupId: string, userId: string): Promise<number> {
  const r = await scim(port, "PATCH", `/Groups/${groupId}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: userId }] }] });
  if (r.status !== 204 && r.status !== 200) throw new Error(`PATCH answered ${r.status}: ${r.body.slice(0, 500)}`);
  return r.ms;
}

async function isMember(port: number, groupId: string, userId: string): Promise<boolean> {
  const filter = encodeURIComponent(`id eq "${groupId}" and members.value eq "${userId}"`);
  const r = await scim(port, "GET", `/Groups?filter=${filter}&attributes=id`);
  return r.status === 200 && (JSON.parse(r.body) as { totalResults: number }).totalResults === 1;
}

// ---------- the run ----------

interface Report {
  dialect: string;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  code: { commit: string; uncommittedChanges: number };
  database?: string;
  settings: { users: number; connections: number; durationSeconds: number; warmupSeconds: number; singleConnectionSeconds: number; bulkOperations: number; bulkRuns: number; patchRuns: number };
  seed?: { seconds: number; users: number };
  /** attempts: how many measurements it took to get one the rest of the machine did not disturb (see leastDisturbed) */
  ceiling?: LoadFigures & { attempts: number };
  load: Record<
    string,
    LoadFigures & { title: string; target: string; attempts: number; met: boolean; ofCeiling?: number; latencyOnly?: number; single: Pick<LoadFigures, "reqPerSec" | "p50" | "p90" | "p99" | "meanMs"> }
  >;
  /** otherWorkMax: the most CPU (% of a core) other processes took during one of the runs */
  bulk?: { runsMs: number[]; medianMs: number; target: string; met: boolean; otherWorkMax: number };
  patch?: { runsMs: number[]; medianMs: number; p90Ms: number; target: string; met: boolean; groupMembers: number; cpu?: CpuShares; attempts: number };
  /** with --profile: where the server's CPU time went in each measured phase */
  profiles: Record<string, string>;
  /** the server's resident memory (MB) after each scenario (VmRSS, and of it the private and the file-backed pages), and its peak over the run (VmHWM) */
  serverMemory?: { afterMB: Record<string, number>; after: Record<string, { rssMB: number; anonMB: number; fileMB: number }>; peakMB: number };
}

async function main() {
  if (await inOwnSession(PRIORITY)) return;
  const startedAt = Date.now();
  const report: Report = {
    dialect,
    date: new Date().toISOString(),
    code: codeVersion(),
    machine: machine(),
    settings: {
      users: USERS,
      connections: CONNECTIONS,
      durationSeconds: DURATION,
      warmupSeconds: WARMUP_SECONDS,
      singleConnectionSeconds: SINGLE_SECONDS,
      bulkOperations: BULK_OPERATIONS,
      bulkRuns: BULK_RUNS,
      patchRuns: PATCH_RUNS,
    },
    load: {},
    profiles: {},
  };

  log("checking the production build");
  await ensureBuild();
  raisePriority([process.pid], PRIORITY);

  let cluster: PostgresCluster | undefined;
  let server: ProvisioInstance | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "provisio-bench-"));
  const profileDir = path.join(dataDir, "profile");
  try {
    let databaseUrl: string;
    if (dialect === "postgres") {
      log("starting a private PostgreSQL cluster");
      cluster = await startPostgres();
      databaseUrl = await cluster.createDatabase("provisio_bench");
      // backends fork from the postmaster and inherit its priority
      raisePriority(postgresPids(cluster.port), PRIORITY);
    } else {
      databaseUrl = `file:${path.join(dataDir, "provisio.db")}`;
    }

    log("migrating and seeding first-start content");
    await prepareDatabase(databaseUrl);
    report.database = await databaseVersion(databaseUrl);
    log(`loading ${USERS.toLocaleString("en")} users`);
    const seed = await seedUsers(databaseUrl, USERS, (line) => log(line));
    report.seed = { seconds: round(seed.seconds), users: seed.users };
    log(`loaded in ${seed.seconds.toFixed(1)} s`);

    if (wanted("ceiling")) {
      const port = freePort();
      const ceiling = await startCeilingServer(port);
      raisePriority([ceiling.pid], PRIORITY);
      try {
        const spec = ceilingSpec;
        const target: Target = { port, cpu: () => cpuWindow(ceiling.pid) };
        await load(target, spec, WARMUP_SECONDS);
        await quiet("the ceiling");
        const { value, attempts } = await leastDisturbed(
          "the ceiling",
          () => load(target, spec, DURATION),
          (f) => f.cpu?.other,
        );
        report.ceiling = { ...value, attempts };
        log(`bare Node ceiling: ${report.ceiling.reqPerSec} req/s, p50 ${report.ceiling.p50} ms, p99 ${report.ceiling.p99} ms, CPU ${cpuText(report.ceiling.cpu)}`);
      } finally {
        ceiling.kill("SIGTERM");
      }
    }

    log("starting the production server");
    const hook = path.join(root, "bench", "cpu-profile-hook.mjs");
    const env = { LOG_LEVEL: "warn", ...(PROFILE ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${hook}`.trim(), PROVISIO_BENCH_PROFILE_DIR: profileDir } : {}) };
    for (let attempt = 1; !server; attempt++) {
      await buildPresent();
      try {
        server = await startProvisio({ databaseUrl, dataDir, env });
      } catch (err) {
        // a concurrent `next build` empties .next while it works; wait for it rather than fail the run
        if (attempt >= 3 || !/production build/.test(String(err))) throw err;
        log("the build disappeared during start (a concurrent build?); waiting");
      }
    }
    const port = server.port;
    const serverPid = findPidByEnv(`PROVISIO_DATA_DIR=${dataDir}`);
    raisePriority([serverPid], PRIORITY);
    const pgPort = cluster?.port;
    const target: Target = { port, cpu: () => cpuWindow(serverPid, pgPort ? () => postgresPids(pgPort) : undefined) };
    const noteMemory = (phase: string) => {
      const memory = serverPid ? memoryOf(serverPid) : undefined;
      if (!memory) return;
      report.serverMemory ??= { afterMB: {}, after: {}, peakMB: 0 };
      report.serverMemory.afterMB[phase] = memory.rssMB;
      report.serverMemory.after[phase] = memory;
      log(`  server resident memory ${memory.rssMB} MB (private ${memory.anonMB} MB, file-backed ${memory.fileMB} MB)`);
    };
    const profiled = serverProfiler(serverPid, profileDir, PROFILE, 30);

    // first requests pay for lazy imports, statement preparation, JIT and cold caches
    for (const p of [
      `/Users/${seed.sampleIds[0]}`,
      `/Users?filter=${encodeURIComponent(`userName eq "${seed.sampleUserNames[0]}"`)}`,
      "/Users?sortBy=userName&count=100&startIndex=500",
      `/Groups/${seed.groupId}?attributes=displayName`,
    ]) {
      const r = await scim(port, "GET", p);
      if (r.status !== 200) throw new Error(`warm-up GET ${p} answered ${r.status}: ${r.body.slice(0, 300)}`);
    }

    for (const scenario of loadScenarios(seed)) {
      if (!wanted(scenario.name)) continue;
      log(`${scenario.title}: ${WARMUP_SECONDS} s warm-up, ${DURATION} s measured, ${CONNECTIONS} connections`);
      await quiet(scenario.title);
      await load(target, scenario.spec, WARMUP_SECONDS);
      await drain(port);
      const {
        value: { result: f, profile },
        attempts,
      } = await leastDisturbed(
        scenario.title,
        async () => {
          await drain(port);
          return profiled(() => load(target, scenario.spec, DURATION));
        },
        (x) => x.result.cpu?.other,
      );
      if (profile) {
        report.profiles[scenario.name] = profile;
        console.log(`\nserver CPU profile, ${scenario.title}:\n${profile}\n`);
      }
      // one client, one request at a time: the service time, without the queueing that saturation adds
      await drain(port);
      const single = await load(target, scenario.spec, SINGLE_SECONDS, 1);
      await drain(port);
      const met = scenario.meets(f) && f.non2xx === 0 && f.errors === 0;
      report.load[scenario.name] = {
        title: scenario.title,
        target: scenario.target,
        ...f,
        attempts,
        met,
        ...(scenario.latencyOnly ? { latencyOnly: scenario.latencyOnly } : {}),
        ...(report.ceiling ? { ofCeiling: round((100 * f.reqPerSec) / report.ceiling.reqPerSec) } : {}),
        single: { reqPerSec: single.reqPerSec, p50: single.p50, p90: single.p90, p99: single.p99, meanMs: single.meanMs },
      };
      log(`  ${f.reqPerSec} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, CPU ${cpuText(f.cpu)}${f.non2xx || f.errors ? `, ${f.non2xx} non-2xx ${JSON.stringify(f.statusCodes)}, ${f.errors} errors` : ""}`);
      log(`  one connection: ${single.reqPerSec} req/s, mean ${single.meanMs} ms, p50 ${single.p50} ms, p99 ${single.p99} ms`);
      noteMemory(scenario.name);
      if (f.non2xx || f.errors || single.non2xx) console.error(`server output (last lines):\n${server.logs().split("\n").slice(-15).join("\n")}`);
    }

    let addable: string[] = [];
    if (wanted("bulk") || wanted("patch")) {
      log(`Bulk of ${BULK_OPERATIONS} user creates: 1 warm-up + ${BULK_RUNS} measured`);
      addable = (await bulkRun(port)).ids;
      const runs: number[] = [];
      let otherMax = 0;
      if (wanted("bulk")) {
        for (let i = 0; i < BULK_RUNS; i++) {
          await quiet(`Bulk run ${i + 1}`);
          const {
            value: { result: r, profile, cpu },
          } = await leastDisturbed(
            `Bulk run ${i + 1}`,
            async () => {
              const end = target.cpu?.();
              const measured = await profiled(() => bulkRun(port));
              addable.push(...measured.result.ids);
              return { ...measured, cpu: end?.() };
            },
            (x) => x.cpu?.other,
          );
          if (cpu) otherMax = Math.max(otherMax, cpu.other);
          if (profile && i === 0) {
            report.profiles.bulk = profile;
            console.log(`\nserver CPU profile, Bulk:\n${profile}\n`);
          }
          runs.push(round(r.ms));
          log(`  run ${i + 1}: ${r.ms.toFixed(0)} ms`);
        }
        report.bulk = { runsMs: runs, medianMs: round(median(runs)), target: "< 1,500 ms", met: median(runs) < 1500, otherWorkMax: otherMax };
      }
    }

    if (wanted("patch")) {
      log(`PATCH add one member to the ${USERS.toLocaleString("en")}-member group: 5 warm-up + ${PATCH_RUNS} measured`);
      await quiet("the PATCH runs");
      // each request adds a user not yet in the group (one created by Bulk)
      let next = 0;
      for (; next < 5; next++) await patchRun(port, seed.groupId, addable[next]);
      const {
        value: { runs, profile, cpu },
        attempts,
      } = await leastDisturbed(
        "the PATCH runs",
        async () => {
          const runs: number[] = [];
          const end = target.cpu?.();
          const { profile } = await profiled(async () => {
            for (let i = 0; i < PATCH_RUNS; i++) runs.push(round(await patchRun(port, seed.groupId, addable[next++]), 2));
          });
          return { runs, profile, cpu: end?.() };
        },
        (x) => x.cpu?.other,
      );
      if (profile) {
        report.profiles.patch = profile;
        console.log(`\nserver CPU profile, PATCH:\n${profile}\n`);
      }
      if (!(await isMember(port, seed.groupId, addable[next - 1]))) throw new Error("PATCH reported success but the member is not in the group");
      report.patch = { runsMs: runs, medianMs: round(median(runs), 2), p90Ms: round(percentile(runs, 90), 2), target: "< 20 ms", met: median(runs) < 20, groupMembers: USERS + next, cpu, attempts };
      log(`  median ${report.patch.medianMs} ms, p90 ${report.patch.p90Ms} ms`);
      noteMemory("patch");
    }

    const peak = serverPid ? peakResidentMB(serverPid) : undefined;
    if (report.serverMemory && peak !== undefined) report.serverMemory.peakMB = peak;
    log(`server memory: ${JSON.stringify(report.serverMemory)}`);
    await server.stop();
  } catch (err) {
    if (server) console.error(`server output:\n${server.logs().slice(-4000)}`);
    throw err;
  } finally {
    if (server) await server.kill();
    cluster?.stop();
    removeDataDir(dataDir);
  }

  // only a complete, unprofiled run at the default size stands as the dialect's figures for the day
  const partial = ALL_SCENARIOS.some((x) => !wanted(x)) || USERS !== 100_000 || DURATION !== 10;
  const suffix = `${PROFILE ? "-profile" : ""}${partial ? "-partial" : ""}${opts.label ? `-${opts.label.replace(/[^A-Za-z0-9._-]/g, "-")}` : ""}`;
  const out = path.join(root, "bench", "results", `${dialect}-${report.date.slice(0, 10)}${suffix}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n${table(report)}\n\nwritten to ${path.relative(root, out)} (run took ${Math.round((Date.now() - startedAt) / 1000)} s)`);
}

/** VmHWM: the most memory the process has had resident since it started, MB */
function peakResidentMB(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? undefined : round(Number(kb) / 1024, 1);
  } catch {
    return undefined;
  }
}

async function databaseVersion(url: string): Promise<string> {
  const sql = createSql(url);
  try {
    const row = await sql.get<{ v: string }>(sql.dialect === "postgres" ? `SELECT version() AS "v"` : `SELECT 'SQLite ' || sqlite_version() AS "v"`);
    return String(row?.v ?? "").split(" on ")[0];
  } finally {
    await sql.close();
  }
}

/** A Markdown table of one run, as it goes into the README. */
function table(r: Report): string {
  const c = r.ceiling;
  const n = (x: number) => x.toLocaleString("en");
  // other work on the machine above a quarter of a core makes a figure pessimistic: say so beside it
  const cpu = (c?: CpuShares) => (c ? `${c.server} / ${c.database} / ${c.loadGenerator} %${c.other >= DISTURBED ? ` (disturbed: other work ${c.other} %)` : ""}` : "—");
  const rows: string[][] = [];
  if (c) rows.push(['bare Node http, `{"ok":true}` (ceiling)', "—", `${n(c.reqPerSec)} req/s`, `${c.p50} / ${c.p99} ms`, "—", "100 %", cpu(c.cpu), "—"]);
  for (const f of Object.values(r.load)) {
    const verdict = f.met ? "met" : f.latencyOnly && f.single.p50 < f.latencyOnly ? "missed loaded, met single" : "**missed**";
    rows.push([
      f.title,
      f.target,
      `${n(f.reqPerSec)} req/s`,
      `${f.p50} / ${f.p99} ms`,
      `${f.single.meanMs} ms; ${f.single.p50} / ${f.single.p99} ms`,
      f.ofCeiling === undefined ? "—" : `${f.ofCeiling} %`,
      cpu(f.cpu),
      verdict,
    ]);
  }
  const flag = (other?: number) => (other !== undefined && other >= DISTURBED ? `disturbed: other work ${other} %` : "—");
  if (r.bulk)
    rows.push([
      `POST /Bulk, ${n(r.settings.bulkOperations)} user creates`,
      r.bulk.target,
      `median ${n(Math.round(r.bulk.medianMs))} ms (${r.bulk.runsMs.length} runs)`,
      "—",
      "—",
      "—",
      flag(r.bulk.otherWorkMax),
      r.bulk.met ? "met" : "**missed**",
    ]);
  if (r.patch)
    rows.push([
      `PATCH /Groups/{id}: add 1 member to a group of ${n(r.settings.users)}`,
      r.patch.target,
      `median ${r.patch.medianMs} ms, p90 ${r.patch.p90Ms} ms (${r.patch.runsMs.length} runs)`,
      "—",
      "—",
      "—",
      cpu(r.patch.cpu),
      r.patch.met ? "met" : "**missed**",
    ]);
  const head = ["Scenario", "Target", "Measured", `p50 / p99, ${r.settings.connections} conn.`, "1 conn.: mean; p50 / p99", "of ceiling", "CPU server / db / load gen.", "Verdict"];
  return [head, head.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
