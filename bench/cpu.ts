// CPU accounting for a measurement window, from /proc (Linux): how much of the machine the server, the database
// and the load generator used, and how much went to anything else. On a 2-core machine the load generator and the
// database compete with the server, so a figure means little without this split.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux the project runs on

function read(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** utime + stime of one process, in ticks; undefined once it has gone */
function processTicks(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // the command name may hold spaces and parentheses: fields are counted after its closing parenthesis
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) : undefined;
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/** The process started with this environment entry (unique per run, such as its data folder). */
export function findPidByEnv(entry: string): number | undefined {
  for (const pid of pids()) {
    const env = read(`/proc/${pid}/environ`);
    if (env && env.split("\0").includes(entry) && /provisio-server\.mjs|server\.ts/.test(read(`/proc/${pid}/cmdline`) ?? "")) return pid;
  }
  return undefined;
}

/** The postmaster listening on this port and its current children (backends, checkpointer, WAL writer...). */
export function postgresPids(port: number): number[] {
  const all = pids();
  const master = all.find((pid) => {
    const cmd = read(`/proc/${pid}/cmdline`)?.split("\0") ?? [];
    return /postgres$/.test(cmd[0] ?? "") && cmd.includes("-p") && cmd[cmd.indexOf("-p") + 1] === String(port);
  });
  if (master === undefined) return [];
  return [master, ...all.filter((pid) => parentOf(pid) === master)];
}

function machineTicks(): { busy: number; total: number } {
  const line = (read("/proc/stat") ?? "").split("\n")[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + (steal || 0);
  return { busy, total: busy + idle + (iowait || 0) };
}

export interface CpuShares {
  /** each in % of ONE core: 200 % is the whole of a 2-core machine */
  server: number;
  database: number;
  loadGenerator: number;
  other: number;
  idle: number;
}

/**
 * Starts a window; the returned function ends it. `databasePids` is re-read at the end too, so backends that
 * connected during the window count (their time before the window is subtracted when they were seen at the start).
 */
export function cpuWindow(serverPid: number | undefined, databasePids: () => number[] = () => []): () => CpuShares {
  const t0 = performance.now();
  const m0 = machineTicks();
  const own0 = process.cpuUsage();
  const s0 = serverPid ? (processTicks(serverPid) ?? 0) : 0;
  const db0 = new Map(databasePids().map((pid) => [pid, processTicks(pid) ?? 0]));
  return () => {
    const seconds = (performance.now() - t0) / 1000;
    const m1 = machineTicks();
    const own = process.cpuUsage(own0);
    const s1 = serverPid ? (processTicks(serverPid) ?? s0) : 0;
    let dbTicks = 0;
    for (const pid of databasePids()) dbTicks += (processTicks(pid) ?? 0) - (db0.get(pid) ?? 0);
    const cores = os.cpus().length;
    const pct = (ticks: number) => Math.round((100 * ticks) / TICKS_PER_SECOND / seconds);
    const machineBusy = (100 * cores * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total);
    const server = pct(s1 - s0);
    const database = pct(dbTicks);
    const loadGenerator = Math.round((own.user + own.system) / 1e4 / seconds);
    return {
      server,
      database,
      loadGenerator,
      other: Math.max(0, Math.round(machineBusy - server - database - loadGenerator)),
      idle: Math.max(0, Math.round(100 * cores - machineBusy)),
    };
  };
}

/**
 * Waits until the rest of the machine is quiet (other projects' builds and tests share it), so a measurement
 * does not start in the middle of someone else's burst. Gives up after `maxSeconds` and says how busy it was.
 */
export async function waitForQuiet(maxSeconds: number, busyLimit = 20): Promise<{ waited: number; busy: number }> {
  const started = performance.now();
  let quietInARow = 0;
  let busy = 0;
  for (;;) {
    const m0 = machineTicks();
    const own0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const m1 = machineTicks();
    const own = process.cpuUsage(own0);
    const cores = os.cpus().length;
    busy = Math.round((100 * cores * (m1.busy - m0.busy)) / Math.max(1, m1.total - m0.total) - (own.user + own.system) / 1e4);
    quietInARow = busy < busyLimit ? quietInARow + 1 : 0;
    const waited = Math.round((performance.now() - started) / 1000);
    if (quietInARow >= 2 || waited >= maxSeconds) return { waited, busy };
  }
}
