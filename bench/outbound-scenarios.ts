// The three scenarios of the outbound provisioning benchmark (bench/outbound.ts): delivered throughput, latency
// when idle, and a drain of a queue built while B was down. Each returns plain figures for the report.
import autocannon from "autocannon";
import { createSql } from "../lib/db/sql.ts";
import { asDate } from "../lib/db/values.ts";
import { putSetting } from "../lib/identity/settings.ts";
import { NOT_PAUSED } from "../lib/provisioning/outbox/pauses.ts";
import type { ProvisioInstance } from "../e2e/support/provisio.ts";
import { AUTH, BULK_SCHEMA, SCIM_JSON, call, countUsers, findUser, log, memoryOf, sleep, userBody, type Memory } from "./outbound-support.ts";
import { percentile, round, slope } from "./stats.ts";
import type { CpuShares } from "./cpu.ts";

/** CPU split of a window, in % of one core: A, B, this benchmark process, the rest of the machine, idle. */
export interface CpuSplit {
  a: number;
  b: number;
  bench: number;
  other: number;
  idle: number;
}

export const cpuSplit = (c: CpuShares): CpuSplit => ({ a: c.server, b: c.database, bench: c.loadGenerator, other: c.other, idle: c.idle });

export interface Context {
  a: ProvisioInstance;
  b: ProvisioInstance;
  aPid: number;
  /** unique per run, so names never collide with an earlier run's */
  tag: string;
  /** opens a CPU window (A, B, this process, the rest); the returned function closes it */
  cpu(): () => CpuSplit;
  /** profiles A and B around `work` when --profile is on */
  profiled<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** stops B, and starts it again on the same port and data folder */
  stopB(): Promise<void>;
  startB(): Promise<void>;
}

const base = (i: ProvisioInstance) => `http://127.0.0.1:${i.port}`;

// ---------- 1. delivered throughput ----------

export interface ThroughputFigures {
  users: number;
  connections: number;
  accepted: number;
  non2xx: number;
  acceptSeconds: number;
  acceptedPerSec: number;
  /** first request sent until the last user exists at B */
  deliveredSeconds: number;
  deliveredPerSec: number;
  /** users at B when A had answered the last request: the backlog left for the worker */
  atBWhenAccepted: number;
  /** delivery rate after A stopped receiving (the worker alone) */
  tailPerSec: number;
  postP50: number;
  postP99: number;
  cpu: CpuSplit;
  cpuAccepting: CpuSplit;
  cpuTail: CpuSplit;
  /** [seconds since the first request, users at B] every ~0.5 s */
  curve: [number, number][];
}

export async function throughput(ctx: Context, users: number, connections: number): Promise<ThroughputFigures> {
  const prefix = `tp.${ctx.tag}.`;
  let n = 0;
  const whole = ctx.cpu();
  const accepting = ctx.cpu();
  let cpuAccepting: CpuSplit | undefined;
  let tail: (() => CpuSplit) | undefined;
  const t0 = performance.now();
  let acceptedAt = 0;
  let answered = 0;
  let lastAnswerAt = 0;
  let atBWhenAccepted = -1;
  const load = autocannon({
    url: base(ctx.a),
    connections,
    amount: users,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/scim2/Users",
        headers: { authorization: AUTH, accept: SCIM_JSON, "content-type": SCIM_JSON },
        setupRequest: (req) => {
          const i = n++;
          return { ...req, body: JSON.stringify(userBody(`${prefix}${i}`, i)) };
        },
        // autocannon settles its promise on its own 1-second tick: the last answer's time is taken here instead
        onResponse: () => {
          if (++answered === users) lastAnswerAt = performance.now();
        },
      },
    ],
  }).then((r) => {
    acceptedAt = lastAnswerAt || performance.now();
    cpuAccepting = accepting();
    tail = ctx.cpu();
    return r;
  });
  const curve: [number, number][] = [];
  let lastCurve = -1;
  let expected = users;
  let result: Awaited<typeof load> | undefined;
  void load.then((r) => {
    result = r;
    expected = r["2xx"];
  });
  let deliveredAt = 0;
  let cpu: CpuSplit | undefined;
  let cpuTail: CpuSplit | undefined;
  let lastProgress = performance.now();
  let lastCount = 0;
  await ctx.profiled("throughput", async () => {
    for (;;) {
      await sleep(50);
      const count = await countUsers(base(ctx.b), prefix);
      const now = performance.now();
      if ((lastAnswerAt || acceptedAt) && atBWhenAccepted < 0) atBWhenAccepted = count;
      if (now - lastCurve >= 500) {
        curve.push([round((now - t0) / 1000, 2), count]);
        lastCurve = now;
      }
      if (count !== lastCount) {
        lastCount = count;
        lastProgress = now;
      }
      if (result && count >= expected) {
        deliveredAt = now;
        cpu = whole();
        cpuTail = tail!();
        break;
      }
      if (now - lastProgress > 120_000) throw new Error(`throughput: no progress at B for 2 minutes (${count} of ${expected})`);
    }
  });
  const r = result!;
  curve.push([round((deliveredAt - t0) / 1000, 2), lastCount]);
  const acceptSeconds = (acceptedAt - t0) / 1000;
  const deliveredSeconds = (deliveredAt - t0) / 1000;
  const tailSeconds = (deliveredAt - acceptedAt) / 1000;
  return {
    users,
    connections,
    accepted: r["2xx"],
    non2xx: r.non2xx + r.errors,
    acceptSeconds: round(acceptSeconds, 2),
    acceptedPerSec: Math.round(r["2xx"] / acceptSeconds),
    deliveredSeconds: round(deliveredSeconds, 2),
    deliveredPerSec: Math.round(r["2xx"] / deliveredSeconds),
    atBWhenAccepted,
    tailPerSec: tailSeconds > 0.2 ? Math.round((r["2xx"] - atBWhenAccepted) / tailSeconds) : 0,
    postP50: r.latency.p50,
    postP99: r.latency.p99,
    cpu: cpu!,
    cpuAccepting: cpuAccepting!,
    cpuTail: cpuTail!,
    curve,
  };
}

// ---------- 2. latency when idle ----------

export interface LatencyFigures {
  creates: number;
  warmup: number;
  pollIntervalMs: number;
  gapMs: number;
  /** POST to A sent until a poll of B finds the user */
  visible: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** POST to A sent until B wrote the user (B's meta.created, same clock, 1 ms resolution) */
  createdAtB: { p50: number; p90: number; p99: number; max: number };
  /** A's answer to the POST */
  postAtA: { p50: number; p90: number; p99: number };
  /** from A's outbox and attempt log: commit at A until the worker started delivering, and the delivery itself */
  queuedMs?: { p50: number; p90: number; p99: number };
  deliveryMs?: { p50: number; p90: number; p99: number };
  cpu: CpuSplit;
}

const stats = (xs: number[], digits = 1) => ({ p50: round(percentile(xs, 50), digits), p90: round(percentile(xs, 90), digits), p99: round(percentile(xs, 99), digits) });

export async function latency(ctx: Context, creates: number, warmup: number, pollMs: number, gapMs: number): Promise<LatencyFigures> {
  const prefix = `lat.${ctx.tag}.`;
  const visible: number[] = [];
  const created: number[] = [];
  const post: number[] = [];
  let end: (() => CpuSplit) | undefined;
  for (let k = 0; k < warmup + creates; k++) {
    if (k === warmup) end = ctx.cpu();
    const userName = `${prefix}${k}`;
    // idle: the previous delivery has finished at A, nothing else is queued
    await sleep(gapMs);
    const wall0 = Date.now();
    const t0 = performance.now();
    const r = await call(base(ctx.a), "POST", "/scim2/Users", userBody(userName, k));
    if (r.status !== 201) throw new Error(`latency: POST answered ${r.status}: ${r.body.slice(0, 300)}`);
    let found: Awaited<ReturnType<typeof findUser>>;
    for (;;) {
      const p0 = performance.now();
      found = await findUser(base(ctx.b), userName);
      if (found) break;
      if (p0 - t0 > 30_000) throw new Error(`latency: ${userName} not at B after 30 s`);
      const wait = pollMs - (performance.now() - p0);
      if (wait > 0.5) await sleep(wait);
    }
    const visibleMs = performance.now() - t0;
    if (k < warmup) continue;
    visible.push(visibleMs);
    post.push(r.ms);
    if (found.meta?.created) created.push(Date.parse(found.meta.created) - wall0);
  }
  const cpu = end!();
  const figures: LatencyFigures = {
    creates,
    warmup,
    pollIntervalMs: pollMs,
    gapMs,
    visible: { ...stats(visible), max: round(Math.max(...visible)), mean: round(visible.reduce((s, x) => s + x, 0) / visible.length) },
    createdAtB: { ...stats(created, 0), max: Math.max(...created) },
    postAtA: stats(post, 2),
    cpu,
  };
  // where the time went inside A, from its own records of these events
  const sql = createSql(ctx.a.databaseUrl);
  try {
    const rows = await sql.all<{ createdAt: unknown; at: unknown; durationMs: number }>(
      `SELECT e."createdAt" AS "createdAt", a."at" AS "at", a."durationMs" AS "durationMs" FROM "OutboxEvent" e JOIN "ProvisioningAttempt" a ON a."eventSeq" = e."seq"
       WHERE a."entityName" LIKE ? AND a."status" = 'success'`,
      [`${prefix}%`],
    );
    const measured = rows.slice(-creates);
    if (measured.length) {
      // `at` is written after the delivery and its bookkeeping; `durationMs` covers the delivery up to the outbox update
      figures.queuedMs = stats(
        measured.map((x) => asDate(x.at).getTime() - Number(x.durationMs) - asDate(x.createdAt).getTime()),
        0,
      );
      figures.deliveryMs = stats(
        measured.map((x) => Number(x.durationMs)),
        0,
      );
    }
  } finally {
    await sql.close();
  }
  return figures;
}

// ---------- 3. drain of a queue built while B was down ----------

export interface DrainFigures {
  queued: number;
  bulkOperations: number;
  queueSeconds: number;
  /** events tried and failed (B unreachable) before B came back, events held back untried, and when none was due */
  failedAttempts: number;
  heldBack: number;
  firstAttemptsSeconds: number;
  /** "retry now" at A until the last user exists at B */
  drainSeconds: number;
  drainPerSec: number;
  /** A's memory, MB */
  memory: { beforeQueue?: Memory; start: Memory; peak: Memory; end: Memory; afterDrain?: Memory };
  /** least-squares slope over the second half of the drain, MB per 1,000 delivered events (and over all of it) */
  slopeMBPer1000: { rss: number; anon: number; rssWhole: number };
  /** highest RSS in the first and in the second half of the drain, MB: a GC sawtooth repeats, a leak climbs */
  halfPeaksMB: [number, number];
  samples: { t: number; delivered: number; rssMB: number; anonMB: number; fileMB: number }[];
  deadAfter: number;
  cpu: CpuSplit;
}

interface OutboxCounts {
  /** due or being delivered */
  waiting: number;
  /** tried, failed, waiting for a retry */
  failed: number;
  /** never tried: held back because their target was found unavailable */
  held: number;
  dead: number;
}

async function outbox(databaseUrl: string, prefix: string): Promise<OutboxCounts> {
  const sql = createSql(databaseUrl);
  try {
    const now = new Date();
    // an event is waiting when the worker would claim it: due, and its target not paused (lib/provisioning/outbox/pauses.ts)
    const claimable = `(e."nextAttemptAt" <= ? AND ${NOT_PAUSED})`;
    const row = await sql.get<{ waiting: number; failed: number; held: number; dead: number }>(
      `SELECT SUM(CASE WHEN e."status" = 'in_flight' OR (e."status" = 'pending' AND ${claimable}) THEN 1 ELSE 0 END) AS "waiting",
              SUM(CASE WHEN e."status" = 'pending' AND NOT ${claimable} AND e."attempts" > 0 THEN 1 ELSE 0 END) AS "failed",
              SUM(CASE WHEN e."status" = 'pending' AND NOT ${claimable} AND e."attempts" = 0 THEN 1 ELSE 0 END) AS "held",
              SUM(CASE WHEN e."status" = 'dead' THEN 1 ELSE 0 END) AS "dead"
       FROM "OutboxEvent" e WHERE e."payload" LIKE ?`,
      [now, now, now, now, now, now, now, now, now, `{"name":"${prefix}%`],
    );
    return { waiting: Number(row?.waiting ?? 0), failed: Number(row?.failed ?? 0), held: Number(row?.held ?? 0), dead: Number(row?.dead ?? 0) };
  } finally {
    await sql.close();
  }
}

/** One round: queue `queued` creates while B is down, then deliver them; rounds differ by their users' prefix. */
export async function drain(ctx: Context, queued: number, maxOperations: number, roundNo = 1): Promise<DrainFigures> {
  const prefix = `dr${roundNo}.${ctx.tag}.`;
  const settings = createSql(ctx.a.databaseUrl);
  try {
    // B unreachable: the first delivery fails (connection refused) and holds back the rest of the queue; nothing
    // retries by itself
    await putSetting(settings, "outboundRetry", { maxAttempts: 100, baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 });
  } finally {
    await settings.close();
  }
  log(`  stopping B`);
  await ctx.stopB();
  const beforeQueue = memoryOf(ctx.aPid);
  const t0 = performance.now();
  for (let first = 0; first < queued; first += maxOperations) {
    const count = Math.min(maxOperations, queued - first);
    const Operations = Array.from({ length: count }, (_, j) => ({ method: "POST", path: "/Users", bulkId: `u${first + j}`, data: userBody(`${prefix}${first + j}`, first + j) }));
    const r = await call(base(ctx.a), "POST", "/scim2/Bulk", { schemas: [BULK_SCHEMA], Operations });
    const ops = r.status === 200 ? (JSON.parse(r.body) as { Operations: { status: string }[] }).Operations : [];
    const bad = ops.filter((o) => o.status !== "201").length;
    if (r.status !== 200 || ops.length !== count || bad) throw new Error(`drain: Bulk answered ${r.status} with ${ops.length} results, ${bad} not 201: ${r.body.slice(0, 300)}`);
  }
  const queueSeconds = (performance.now() - t0) / 1000;
  log(`  queued ${queued.toLocaleString("en")} creates in ${queueSeconds.toFixed(1)} s (${maxOperations} operations per Bulk); waiting until none is due`);
  let counts: OutboxCounts;
  for (;;) {
    counts = await outbox(ctx.a.databaseUrl, prefix);
    if (counts.waiting === 0) break;
    if (performance.now() - t0 > 900_000) throw new Error(`drain: ${counts.waiting} events still due after 15 minutes`);
    await sleep(500);
  }
  const firstAttemptsSeconds = (performance.now() - t0) / 1000;
  log(`  none due after ${firstAttemptsSeconds.toFixed(1)} s: ${counts.failed} tried and waiting for a retry, ${counts.held} held back untried, ${counts.dead} dead`);
  const fast = createSql(ctx.a.databaseUrl);
  try {
    // delivery from now on: quick retries, as after `fastRetries`
    await putSetting(fast, "outboundRetry", { maxAttempts: 50, baseDelayMs: 200, maxDelayMs: 1000 });
  } finally {
    await fast.close();
  }
  log(`  starting B again`);
  await ctx.startB();
  const start = memoryOf(ctx.aPid)!;
  const samples: DrainFigures["samples"] = [];
  const end = ctx.cpu();
  const d0 = performance.now();
  const retried = await fetch(`${base(ctx.a)}/api/server/v1/provisioning/retry`, { method: "POST", headers: { authorization: AUTH, "content-type": "application/json" }, body: "{}" });
  if (!retried.ok) throw new Error(`drain: retry now answered ${retried.status}: ${(await retried.text()).slice(0, 300)}`);
  let delivered = 0;
  let lastProgress = d0;
  let drainSeconds = 0;
  let cpu: CpuSplit | undefined;
  await ctx.profiled("drain", async () => {
    for (;;) {
      const m = memoryOf(ctx.aPid)!;
      const count = await countUsers(base(ctx.b), prefix);
      const now = performance.now();
      samples.push({ t: round((now - d0) / 1000, 2), delivered: count, ...m });
      if (count !== delivered) lastProgress = now;
      delivered = count;
      if (count >= queued) {
        drainSeconds = (now - d0) / 1000;
        cpu = end();
        break;
      }
      if (now - lastProgress > 120_000) throw new Error(`drain: no progress at B for 2 minutes (${count} of ${queued})`);
      await sleep(Math.max(0, 250 - (performance.now() - now)));
    }
  });
  const secondHalf = samples.filter((s) => s.delivered >= queued / 2);
  const peak = { rssMB: Math.max(...samples.map((s) => s.rssMB)), anonMB: Math.max(...samples.map((s) => s.anonMB)), fileMB: Math.max(...samples.map((s) => s.fileMB)) };
  const last = samples[samples.length - 1];
  const endMemory: Memory = { rssMB: last.rssMB, anonMB: last.anonMB, fileMB: last.fileMB };
  await sleep(2000);
  const deadAfter = (await outbox(ctx.a.databaseUrl, prefix)).dead;
  return {
    queued,
    bulkOperations: maxOperations,
    queueSeconds: round(queueSeconds, 2),
    failedAttempts: counts.failed + counts.dead,
    heldBack: counts.held,
    firstAttemptsSeconds: round(firstAttemptsSeconds, 1),
    drainSeconds: round(drainSeconds, 2),
    drainPerSec: Math.round(queued / drainSeconds),
    memory: { beforeQueue, start, peak, end: endMemory, afterDrain: memoryOf(ctx.aPid) },
    slopeMBPer1000: {
      rss: round(1000 * slope(secondHalf.map((s) => ({ x: s.delivered, y: s.rssMB }))), 2),
      anon: round(1000 * slope(secondHalf.map((s) => ({ x: s.delivered, y: s.anonMB }))), 2),
      rssWhole: round(1000 * slope(samples.map((s) => ({ x: s.delivered, y: s.rssMB }))), 2),
    },
    halfPeaksMB: [Math.max(...samples.filter((s) => s.delivered < queued / 2).map((s) => s.rssMB)), Math.max(...secondHalf.map((s) => s.rssMB))],
    samples,
    deadAfter,
    cpu: cpu!,
  };
}
