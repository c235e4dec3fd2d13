// Start-up time and idle memory of the production server: what each test file, each new instance behind a load
// balancer and each restart pays. Starts the server N times on fresh SQLite data folders (migrations, first-start
// seed, the Next app), times it until /api/health answers, then reads its resident memory after a few idle seconds.
//
//   node --import tsx bench/server-start.ts [--runs 5] [--idle 4]
import { readFileSync } from "node:fs";
import { startProvisio, stopAndRemove } from "../e2e/support/provisio.ts";
import { findPidByEnv } from "./cpu.ts";
import { median, round } from "./stats.ts";
import { ensureBuild, log } from "./load.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg("runs", 5);
const IDLE_S = arg("idle", 4);

/** VmRSS and RssAnon of a process, in MB */
function memoryOf(pid: number): { rss: number; anon: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: round(kb("VmRSS") / 1024), anon: round(kb("RssAnon") / 1024) };
}

await ensureBuild();
const starts: number[] = [];
const rss: number[] = [];
const anon: number[] = [];
for (let run = 1; run <= RUNS; run++) {
  const began = performance.now();
  const server = await startProvisio({ env: { LOG_LEVEL: "warn" } });
  starts.push(performance.now() - began);
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const pid = findPidByEnv(`PROVISIO_DATA_DIR=${server.dataDir}`);
  if (pid) {
    const m = memoryOf(pid);
    rss.push(m.rss);
    anon.push(m.anon);
  }
  log(`run ${run}: healthy after ${Math.round(starts.at(-1)!)} ms; idle RSS ${rss.at(-1)} MB (anonymous ${anon.at(-1)} MB)`);
  await stopAndRemove(server);
}
console.log(`\n| runs | start to healthy, median | idle RSS, median | idle anonymous, median |\n| --- | --- | --- | --- |`);
console.log(`| ${RUNS} | ${Math.round(median(starts))} ms | ${median(rss)} MB | ${median(anon)} MB |`);
