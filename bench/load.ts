// The load side shared by the HTTP benchmarks (run.ts, oauth.ts): the production build, the bare-Node ceiling,
// one autocannon phase with its CPU split, and the "wait until quiet, measure again if disturbed" rules.
import autocannon, { type Result, type RequestSpec } from "autocannon";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { round } from "./stats.ts";
import { waitForQuiet, type CpuShares } from "./cpu.ts";

/** % of a core taken by other processes during a phase above which its figures are flagged */
export const DISTURBED = 25;

export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

export const cpuText = (c?: CpuShares) => (c ? `server ${c.server} %, database ${c.database} %, load generator ${c.loadGenerator} %, other ${c.other} %, idle ${c.idle} %` : "n/a");

/**
 * The build (the console and the server's bundle) must exist for the server to start. The tree is shared: another
 * process may be building, or half-finished work elsewhere may not compile; after a few attempts an existing
 * build is used, and the figures then belong to the commit that build was made from.
 */
export async function ensureBuild() {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const r = spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (r.status === 0) return;
    log(`build-if-needed failed (attempt ${attempt} of 3)`);
    if (attempt < 3) await new Promise((r) => setTimeout(r, 20_000));
  }
  log("using the existing build, if one appears");
  await buildPresent();
}

export async function buildPresent() {
  for (let waited = 0; !existsSync(".next/BUILD_ID"); waited += 5) {
    if (waited >= 600) throw new Error(".next/BUILD_ID is missing: no production build to start");
    await new Promise((r) => setTimeout(r, 5000));
  }
}

export interface LoadFigures {
  reqPerSec: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /**
   * mean time per request from the throughput (connections / completed per second, Little's law): autocannon's
   * histogram keeps whole milliseconds, which makes its own mean and low percentiles coarse
   */
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  cpu?: CpuShares;
}

function figures(r: Result): LoadFigures {
  const ok = r["2xx"];
  return {
    // successful responses per second over the whole run, so errors never count as throughput
    reqPerSec: Math.round(ok / r.duration),
    requests: ok,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    meanMs: round((r.connections * 1000 * r.duration) / Math.max(1, ok + r.non2xx), 2),
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([k, v]) => [k, v.count])),
  };
}

export interface Target {
  port: number;
  /** opens a CPU accounting window around the measured part */
  cpu?: () => () => CpuShares;
}

export async function load(target: Target, spec: RequestSpec, seconds: number, connections: number): Promise<LoadFigures> {
  const end = target.cpu?.();
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    requests: [spec],
  });
  return { ...figures(result), ...(end ? { cpu: end() } : {}) };
}

/** Waits up to `maxSeconds` for other work on the machine to calm down before a measured phase. */
export async function quiet(what: string, maxSeconds: number) {
  const q = await waitForQuiet(maxSeconds);
  if (q.waited > 2) log(`  waited ${q.waited} s for the machine to calm down before ${what} (other work: ${q.busy} % of a core)`);
  if (q.busy >= 20) log(`  the machine is still busy (${q.busy} % of a core elsewhere): ${what} will be disturbed`);
}

/**
 * Measures again (at most twice more) when other work on the machine took a noticeable share during the
 * measurement, and keeps the least disturbed attempt: a neighbour's burst should not pass for the server's speed.
 */
export async function leastDisturbed<T>(what: string, attempt: () => Promise<T>, otherOf: (value: T) => number | undefined, quietWait: number): Promise<{ value: T; attempts: number }> {
  let best: T | undefined;
  let bestOther = Infinity;
  let attempts = 0;
  for (;;) {
    attempts++;
    const value = await attempt();
    const other = otherOf(value) ?? 0;
    if (other < bestOther) {
      best = value;
      bestOther = other;
    }
    if (other < DISTURBED || attempts > 2) return { value: best as T, attempts };
    log(`  ${what} was disturbed (other work: ${other} % of a core); measuring again`);
    await quiet(what, quietWait);
  }
}

export { startCeilingServer, CEILING_REQUEST as ceilingSpec } from "./ceiling.ts";
