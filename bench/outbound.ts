// Benchmark of the outbound provisioning engine on SQLite: two production servers (server.ts on the Next build) on
// this machine, A provisioning every user change to B through the SCIM 2.0 connector, non-blocking.
//
//   node --import tsx bench/outbound.ts [--users 5000] [--idle 200] [--queued 10000] [--connections 16]
//       [--only throughput,latency,drain] [--poll 3] [--profile] [--sql-stats] [--worker batch=64,parallel=8]
//       [--label name] [--quiet-wait 15] [--no-priority]
//
// 1. throughput: N creates sent to A's POST /scim2/Users; the time until all of them exist at B
// 2. latency: one create at a time, from the POST to A until the user is visible at B
// 3. drain: a queue of creates built at A while B is down, then delivered once B is back; A's memory meanwhile
//
// Everything talks to 127.0.0.1 only. See bench/README.md, "Outbound provisioning engine".
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePortAsync, removeDataDir, startProvisio, type ProvisioInstance } from "../e2e/support/provisio.ts";
import { provisionTo } from "../e2e/support/outbound-setup.ts";
import { cpuWindow, findPidByEnv, waitForQuiet } from "./cpu.ts";
import { summariseProfile, type CpuProfile } from "./profile.ts";
import { call, countUsers, ensureBuild, log, root, sleep } from "./outbound-support.ts";
import { measureCeiling, type CeilingFigures } from "./ceiling.ts";
import { codeVersion, inOwnSession, machine, raisePriority } from "./host.ts";
import { cpuSplit, drain, latency, throughput, type Context, type CpuSplit, type DrainFigures, type LatencyFigures, type ThroughputFigures } from "./outbound-scenarios.ts";

process.chdir(root);
const DEFAULTS = { users: 5000, idle: 200, queued: 10000, connections: 16, poll: 3 };
const ALL = ["ceiling", "throughput", "latency", "drain"] as const;
const { values: opts } = parseArgs({
  options: {
    users: { type: "string", default: String(DEFAULTS.users) },
    idle: { type: "string", default: String(DEFAULTS.idle) },
    queued: { type: "string", default: String(DEFAULTS.queued) },
    connections: { type: "string", default: String(DEFAULTS.connections) },
    poll: { type: "string", default: String(DEFAULTS.poll) },
    only: { type: "string", default: ALL.join(",") },
    profile: { type: "boolean", default: false },
    "sql-stats": { type: "boolean", default: false },
    worker: { type: "string", default: "" },
    label: { type: "string", default: "" },
    "quiet-wait": { type: "string", default: "15" },
    "no-priority": { type: "boolean", default: false },
  },
});
const USERS = Number(opts.users);
const IDLE = Number(opts.idle);
const QUEUED = Number(opts.queued);
const CONNECTIONS = Number(opts.connections);
const POLL_MS = Number(opts.poll);
const only = new Set(opts.only.split(","));
const PROFILE = opts.profile;
const SQL_STATS = opts["sql-stats"];
const WORKER = opts.worker;
/** appended to the result file's name, to keep experiments apart */
const LABEL = opts.label.replace(/[^a-z0-9=,.-]/gi, "");
const QUIET_WAIT = Number(opts["quiet-wait"]);
const PRIORITY = opts["no-priority"] ? undefined : -10;
const DIST = process.env.PROVISIO_NEXT_DIST ?? ".next";
const WARMUP_USERS = 500;
const LATENCY_WARMUP = 20;
const LATENCY_GAP_MS = 20;
/** % of one core taken by other processes above which a figure is flagged as disturbed */
const DISTURBED = 25;
const TARGETS = { deliveredPerSec: 500, latencyP50Ms: 500, flatMBPer1000: 1, halfPeakTolerance: 0.02 };

const WORKER_SETTINGS: Record<string, string> = { batch: "PROVISIO_OUTBOX_BATCH", parallel: "PROVISIO_OUTBOX_PARALLEL", pollMs: "PROVISIO_OUTBOX_POLL_MS" };

/** `--worker batch=256,parallel=16` as the server's own outbound worker settings for A. */
function workerEnv(spec: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of spec.split(",").filter(Boolean)) {
    const [key, value] = pair.split("=");
    const variable = WORKER_SETTINGS[key];
    if (!variable || !value) throw new Error(`--worker takes ${Object.keys(WORKER_SETTINGS).join(", ")} as key=value pairs, not "${pair}"`);
    env[variable] = value;
  }
  return env;
}
const WORKER_ENV = workerEnv(WORKER);

/**
 * Flat: the second half's slope is at most 1 MB per 1,000 events, or, when a GC cycle happens to put a rising
 * stretch of its sawtooth into the second half, that half never goes more than 2 % above the first half's peak.
 */
const isFlat = (f: DrainFigures) => f.slopeMBPer1000.rss <= TARGETS.flatMBPer1000 || f.halfPeaksMB[1] <= f.halfPeaksMB[0] * (1 + TARGETS.halfPeakTolerance);

interface Report {
  date: string;
  code: ReturnType<typeof codeVersion>;
  machine: ReturnType<typeof machine>;
  settings: {
    users: number;
    idle: number;
    queued: number;
    connections: number;
    pollMs: number;
    latencyWarmup: number;
    latencyGapMs: number;
    warmupUsers: number;
    bulkOperations?: number;
    worker: string;
    nextDist: string;
    connector: string;
    targets: typeof TARGETS;
  };
  /** % of one core the rest of the machine took just before each scenario */
  quietBefore: Record<string, number>;
  /** the bare-Node ceiling in this run (ceiling.ts): each rate below is also given as a share of its req/s */
  ceiling?: CeilingFigures;
  throughput?: ThroughputFigures & { met: boolean };
  latency?: LatencyFigures & { met: boolean };
  /** the judged round: the second, once A's heap has grown to its working size in the first */
  drain?: Omit<DrainFigures, "samples"> & { flat: boolean; samples: DrainFigures["samples"] };
  drainFirstRound?: Omit<DrainFigures, "samples">;
  profiles: Record<string, string>;
}

async function main() {
  if (await inOwnSession(PRIORITY)) return;
  const startedAt = Date.now();
  const tag = Date.now().toString(36);
  await ensureBuild(DIST);
  raisePriority([process.pid], PRIORITY);

  const dirA = mkdtempSync(path.join(os.tmpdir(), "provisio-outbound-a-"));
  const dirB = mkdtempSync(path.join(os.tmpdir(), "provisio-outbound-b-"));
  const profileDir = (x: string) => path.join(x, "profile");
  const sqlDir = path.join(dirA, "sql-stats");
  const hooks = (x: string, isA: boolean) => {
    const imports = [...(PROFILE ? [path.join(root, "bench", "cpu-profile-hook.mjs")] : []), ...(isA && SQL_STATS ? [path.join(root, "bench", "outbound-sql-hook.mjs")] : [])];
    return {
      ...(isA && SQL_STATS ? { PROVISIO_BENCH_SQL_DIR: sqlDir } : {}),
      LOG_LEVEL: "warn",
      ...(imports.length ? { NODE_OPTIONS: [process.env.NODE_OPTIONS ?? "", ...imports.map((f) => `--import ${f}`)].join(" ").trim() } : {}),
      ...(PROFILE ? { PROVISIO_BENCH_PROFILE_DIR: profileDir(x) } : {}),
      ...(isA ? WORKER_ENV : {}),
    };
  };
  const portB = await freePortAsync();
  let a: ProvisioInstance | undefined;
  let b: ProvisioInstance | undefined;
  let bPid: number | undefined;
  const report: Report = {
    date: new Date().toISOString(),
    code: codeVersion(),
    machine: machine(),
    settings: {
      users: USERS,
      idle: IDLE,
      queued: QUEUED,
      connections: CONNECTIONS,
      pollMs: POLL_MS,
      latencyWarmup: LATENCY_WARMUP,
      latencyGapMs: LATENCY_GAP_MS,
      warmupUsers: WARMUP_USERS,
      worker: WORKER || "default (batch 64, parallel 8, poll 200 ms)",
      nextDist: DIST,
      connector: "scim2, HTTP Basic, non-blocking, http://127.0.0.1:<B>/scim2",
      targets: TARGETS,
    },
    quietBefore: {},
    profiles: {},
  };
  const startB = async () => {
    b = await startProvisio({ port: portB, dataDir: dirB, env: hooks(dirB, false) });
    bPid = findPidByEnv(`PROVISIO_DATA_DIR=${dirB}`);
    raisePriority([bPid], PRIORITY);
  };
  try {
    log("starting A and B (SQLite, fresh data folders)");
    [a] = await Promise.all([startProvisio({ dataDir: dirA, env: hooks(dirA, true) }), startB()]);
    const aPid = findPidByEnv(`PROVISIO_DATA_DIR=${dirA}`);
    if (!aPid || !bPid) throw new Error("cannot find the server processes in /proc");
    raisePriority([aPid], PRIORITY);
    await provisionTo(a, { baseUrl: `http://127.0.0.1:${portB}` }, { name: "bench-b" });
    const discovery = JSON.parse((await call(`http://127.0.0.1:${a.port}`, "GET", "/scim2/ServiceProviderConfig")).body) as { bulk?: { maxOperations?: number; maxPayloadSize?: number } };
    const maxOperations = Math.min(1000, discovery.bulk?.maxOperations ?? 1000);
    report.settings.bulkOperations = maxOperations;

    let profiles = 0;
    const takeProfile = async (dir: string): Promise<string | undefined> => {
      for (let i = 0; i < 100; i++) {
        const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith(".cpuprofile")) : undefined;
        if (file) {
          const done = path.join(dir, `taken-${++profiles}.json`);
          renameSync(path.join(dir, file), done);
          return summariseProfile(JSON.parse(readFileSync(done, "utf8")) as CpuProfile, 30);
        }
        await sleep(100);
      }
      return undefined;
    };
    let snapshots = 0;
    const sqlSnapshot = async (pid: number): Promise<SqlStats> => {
      const file = path.join(sqlDir, `${++snapshots}.json`);
      process.kill(pid, "SIGWINCH");
      for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(50);
      return JSON.parse(readFileSync(file, "utf8")) as SqlStats;
    };
    const ctx: Context = {
      get a() {
        return a!;
      },
      get b() {
        return b!;
      },
      aPid,
      tag,
      cpu: () => {
        const end = cpuWindow(aPid, () => (bPid ? [bPid] : []));
        return (): CpuSplit => cpuSplit(end());
      },
      profiled: async (name, work) => {
        if (!PROFILE && !SQL_STATS) return work();
        const pids = PROFILE ? [aPid, bPid!] : [];
        for (const pid of pids) process.kill(pid, "SIGUSR2");
        const before = SQL_STATS ? await sqlSnapshot(aPid) : undefined;
        try {
          return await work();
        } finally {
          if (before) {
            const text = sqlSummary(before, await sqlSnapshot(aPid));
            report.profiles[`${name} A SQL`] = text;
            console.log(`\nSQL statements of A, ${name}:\n${text}\n`);
          }
          for (const pid of pids) process.kill(pid, "SIGUSR2");
          for (const [who, dir] of !PROFILE
            ? []
            : ([
                ["A", profileDir(dirA)],
                ["B", profileDir(dirB)],
              ] as const)) {
            const summary = await takeProfile(dir);
            if (summary) {
              report.profiles[`${name} ${who}`] = summary;
              console.log(`\nCPU profile of ${who}, ${name}:\n${summary}\n`);
            }
          }
        }
      },
      stopB: async () => {
        await b!.stop();
        bPid = undefined;
      },
      startB,
    };

    const quiet = async (what: string) => {
      const q = await waitForQuiet(QUIET_WAIT);
      report.quietBefore[what] = q.busy;
      if (q.busy >= 20) log(`  the machine is busy (${q.busy} % of a core elsewhere): ${what} may be disturbed`);
    };

    if (only.has("ceiling")) {
      await quiet("ceiling");
      // with the same connections as the throughput scenario, while A and B sit idle
      report.ceiling = await measureCeiling({ port: await freePortAsync(), connections: CONNECTIONS, seconds: 10, warmupSeconds: 3, prepare: (pid) => raisePriority([pid], PRIORITY) });
      log(`bare Node ceiling: ${n(report.ceiling.reqPerSec)} req/s (${CONNECTIONS} connections), p50 ${report.ceiling.p50} ms; other work ${report.ceiling.cpu.other} % of a core`);
    }

    log(`warm-up: ${WARMUP_USERS} creates through A to B`);
    await throughput({ ...ctx, tag: `${tag}w`, profiled: (_n, w) => w() }, WARMUP_USERS, CONNECTIONS);

    if (only.has("throughput")) {
      await quiet("throughput");
      log(`throughput: ${USERS.toLocaleString("en")} creates to A, ${CONNECTIONS} connections, until all are at B`);
      const f = await throughput(ctx, USERS, CONNECTIONS);
      report.throughput = { ...f, met: f.deliveredPerSec >= TARGETS.deliveredPerSec && f.non2xx === 0 };
      log(
        `  delivered ${f.deliveredPerSec} creates/s (${f.deliveredSeconds} s); accepted ${f.acceptedPerSec}/s (${f.acceptSeconds} s); ${f.atBWhenAccepted} at B when A had answered all; CPU ${cpuText(f.cpu)}`,
      );
    }
    if (only.has("latency")) {
      await quiet("latency");
      log(`latency: ${LATENCY_WARMUP} warm-up + ${IDLE} single creates, B polled every ${POLL_MS} ms`);
      const f = await latency(ctx, IDLE, LATENCY_WARMUP, POLL_MS, LATENCY_GAP_MS);
      report.latency = { ...f, met: f.visible.p50 < TARGETS.latencyP50Ms };
      log(`  visible at B: p50 ${f.visible.p50} ms, p90 ${f.visible.p90} ms, p99 ${f.visible.p99} ms; written at B: p50 ${f.createdAtB.p50} ms; CPU ${cpuText(f.cpu)}`);
    }
    if (only.has("drain")) {
      await quiet("drain");
      // the first round brings A's heap to its working size (a cold heap grows during any first drain); the
      // second is judged, and its peak beside the first's shows whether memory grows with events delivered
      log(`drain, round 1 of 2: ${QUEUED.toLocaleString("en")} creates queued at A while B is down, then delivered`);
      const cold = await drain(ctx, QUEUED, maxOperations, 1);
      const { samples: _coldSamples, ...coldFigures } = cold;
      void _coldSamples;
      report.drainFirstRound = coldFigures;
      log(`  drained in ${cold.drainSeconds} s (${cold.drainPerSec} events/s); A's RSS ${cold.memory.start.rssMB} → peak ${cold.memory.peak.rssMB} → ${cold.memory.end.rssMB} MB`);
      await quiet("drain");
      log(`drain, round 2 of 2`);
      const f = await drain(ctx, QUEUED, maxOperations, 2);
      report.drain = { ...f, flat: isFlat(f) && f.deadAfter === 0 && cold.deadAfter === 0 };
      log(
        `  drained in ${f.drainSeconds} s (${f.drainPerSec} events/s); A's RSS ${f.memory.start.rssMB} → peak ${f.memory.peak.rssMB} → ${f.memory.end.rssMB} MB, slope ${f.slopeMBPer1000.rss} MB per 1,000 events, half peaks ${f.halfPeaksMB[0]} / ${f.halfPeaksMB[1]} MB; CPU ${cpuText(f.cpu)}`,
      );
    }
    // the whole run's users arrived (a sanity check of the counting prefix)
    if (only.has("throughput")) log(`B holds ${await countUsers(`http://127.0.0.1:${portB}`, `tp.${tag}.`)} of the throughput users`);
    await Promise.all([a.stop(), b?.stop()]);
  } catch (err) {
    if (a) console.error(`A's output:\n${a.logs().slice(-3000)}`);
    if (b) console.error(`B's output:\n${b.logs().slice(-3000)}`);
    throw err;
  } finally {
    await Promise.all([a?.kill(), b?.kill()]);
    removeDataDir(dirA);
    removeDataDir(dirB);
  }

  const partial =
    USERS !== DEFAULTS.users ||
    IDLE !== DEFAULTS.idle ||
    QUEUED !== DEFAULTS.queued ||
    CONNECTIONS !== DEFAULTS.connections ||
    POLL_MS !== DEFAULTS.poll ||
    ALL.some((s) => !only.has(s)) ||
    WORKER !== "";
  const out = path.join(root, "bench", "results", `outbound-${report.date.slice(0, 10)}${PROFILE || SQL_STATS ? "-profile" : ""}${partial ? "-partial" : ""}${LABEL ? `-${LABEL}` : ""}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n${table(report)}\n\nwritten to ${path.relative(root, out)} (run took ${Math.round((Date.now() - startedAt) / 1000)} s)`);
}

type SqlStats = Record<string, { calls: number; ms: number }>;

/** The statements A ran between two snapshots of bench/outbound-sql-hook.mjs, by total time. */
function sqlSummary(before: SqlStats, after: SqlStats, top = 20): string {
  const rows = Object.entries(after)
    .map(([sql, s]) => ({ sql, calls: s.calls - (before[sql]?.calls ?? 0), ms: s.ms - (before[sql]?.ms ?? 0) }))
    .filter((r) => r.calls > 0)
    .sort((x, y) => y.ms - x.ms);
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const lines = rows.slice(0, top).map((r) => `${r.ms.toFixed(0).padStart(7)} ms ${String(r.calls).padStart(7)} × ${((1000 * r.ms) / r.calls).toFixed(0).padStart(5)} µs  ${r.sql}`);
  return [`${total.toFixed(0)} ms in ${rows.reduce((s, r) => s + r.calls, 0)} statements`, ...lines].join("\n");
}

const cpuText = (c: CpuSplit) => `A ${c.a} %, B ${c.b} %, bench ${c.bench} %, other ${c.other} %, idle ${c.idle} %`;
const n = (x: number) => x.toLocaleString("en");

/** A rate as a share of the run's bare-Node ceiling. */
const ofCeiling = (r: Report, perSec: number) => (r.ceiling ? `${((100 * perSec) / r.ceiling.reqPerSec).toFixed(1)} %` : "—");

function table(r: Report): string {
  const cpu = (c: CpuSplit) => `${c.a} / ${c.b} / ${c.bench} / ${c.other} %${c.other >= DISTURBED ? " (disturbed)" : ""}`;
  const rows: string[][] = [];
  const t = r.throughput;
  if (t) {
    rows.push([
      `Delivered throughput: ${n(t.users)} creates to A (${t.connections} conn.) until all are at B`,
      `≥ ${TARGETS.deliveredPerSec} creates/s`,
      `**${n(t.deliveredPerSec)} creates/s** (${t.deliveredSeconds} s)`,
      `accepted by A: ${n(t.acceptedPerSec)}/s (${t.acceptSeconds} s, POST p50 ${t.postP50} ms); at B when A had answered all: ${n(t.atBWhenAccepted)}; after that ${n(t.tailPerSec)}/s${t.non2xx ? `; ${t.non2xx} failed requests` : ""}`,
      ofCeiling(r, t.deliveredPerSec),
      cpu(t.cpu),
      t.met ? "met" : "**missed**",
    ]);
  }
  const l = r.latency;
  if (l) {
    rows.push([
      `Latency when idle: ${n(l.creates)} single creates, POST to A until visible at B (polled every ${l.pollIntervalMs} ms)`,
      `p50 < ${TARGETS.latencyP50Ms} ms`,
      `p50 **${l.visible.p50} ms**, p90 ${l.visible.p90} ms, p99 ${l.visible.p99} ms`,
      `written at B (B's meta.created): p50 ${l.createdAtB.p50} / p90 ${l.createdAtB.p90} / p99 ${l.createdAtB.p99} ms; A's POST p50 ${l.postAtA.p50} ms${l.queuedMs ? `; queued at A p50 ${l.queuedMs.p50} ms, delivery p50 ${l.deliveryMs?.p50} ms` : ""}`,
      "—",
      cpu(l.cpu),
      l.met ? "met" : "**missed**",
    ]);
  }
  const d = r.drain;
  const first = r.drainFirstRound;
  if (d) {
    const m = d.memory;
    const before = first ? `after a first round of ${n(first.queued)} (${n(first.drainPerSec)} events/s, A's RSS peak ${first.memory.peak.rssMB} MB, end ${first.memory.end.rssMB} MB): ` : "";
    rows.push([
      `Drain: ${n(d.queued)} creates queued at A (Bulk of ${d.bulkOperations}) while B was down${first ? ", second round" : ""}`,
      `flat memory: RSS slope over the 2nd half ≤ ${TARGETS.flatMBPer1000} MB / 1,000 events, or its peak ≤ 1st half's + ${100 * TARGETS.halfPeakTolerance} %`,
      `**${n(d.drainPerSec)} events/s** (${d.drainSeconds} s); RSS slope **${d.slopeMBPer1000.rss} MB / 1,000**`,
      `${before}A's RSS start ${m.start.rssMB} / peak ${m.peak.rssMB} / end ${m.end.rssMB} MB, peak of 1st / 2nd half ${d.halfPeaksMB[0]} / ${d.halfPeaksMB[1]} MB (anonymous ${m.start.anonMB} / ${m.peak.anonMB} / ${m.end.anonMB} MB, slope ${d.slopeMBPer1000.anon}); queued in ${d.queueSeconds} s${d.deadAfter ? `; ${d.deadAfter} dead` : ""}`,
      ofCeiling(r, d.drainPerSec),
      cpu(d.cpu),
      d.flat ? "met" : "**missed**",
    ]);
  }
  const c = r.ceiling;
  if (c)
    rows.unshift([
      `bare Node http, \`{"ok":true}\` (ceiling), ${r.settings.connections} conn.`,
      "—",
      `${n(c.reqPerSec)} req/s`,
      `p50 ${c.p50} / p99 ${c.p99} ms`,
      "100 %",
      `server ${c.cpu.server} / — / ${c.cpu.loadGenerator} / ${c.cpu.other} %`,
      "—",
    ]);
  const head = ["Scenario", "Target", "Measured", "Details", "of ceiling", "CPU A / B / bench / other", "Verdict"];
  return [head, head.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
