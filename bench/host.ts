// The machine and process a benchmark runs in: which code and hardware the figures belong to, and the
// scheduling priority that keeps neighbours from skewing them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** The commit measured, and how many files outside bench/ differed from it (others edit the tree meanwhile). */
export function codeVersion() {
  const git = (...a: string[]) => spawnSync("git", a, { cwd: root, encoding: "utf8" }).stdout ?? "";
  // porcelain lines are "XY path": the status column may start with a space, so the output is not trimmed
  const changed = git("status", "--porcelain")
    .split("\n")
    .filter((l) => l.length > 3)
    .map((l) => l.slice(3))
    .filter((f) => !f.startsWith("bench/"));
  return { commit: git("rev-parse", "--short", "HEAD").trim(), uncommittedChanges: changed.length, changedFiles: changed };
}

export function machine() {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/**
 * Raises the scheduling weight of the given processes. With autogroup scheduling (the kernel default) CPU is
 * first shared between sessions and nice values only count within one, so the session's own weight is what
 * competes with the neighbours'; and on Linux the nice value belongs to each thread (GC helpers and the libuv
 * pool count too).
 */
export function raisePriority(pids: (number | undefined)[], priority: number | undefined) {
  if (priority === undefined) return;
  for (const pid of pids) {
    if (pid === undefined) continue;
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(priority));
    } catch {
      // no autogroup support or not permitted
    }
    const threads = existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`).map(Number) : [pid];
    for (const tid of threads) {
      try {
        os.setPriority(tid, priority);
      } catch {
        // not permitted, or gone
      }
    }
  }
}

/**
 * Runs the benchmark again in a session of its own (a child started with setsid): its scheduling weight can then
 * be raised without touching whatever session started it. Returns false in that child.
 */
export async function inOwnSession(priority: number | undefined): Promise<boolean> {
  if (priority === undefined || process.env.PROVISIO_BENCH_SESSION) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { detached: true, stdio: "inherit", env: { ...process.env, PROVISIO_BENCH_SESSION: "1" } });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  const code = await new Promise<number>((resolve) => child.once("exit", (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  process.exit(code);
}
