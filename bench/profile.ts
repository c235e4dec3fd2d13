// Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: the functions with the most self time,
// and the same time grouped by area (a package, a folder of this project, GC, idle).
//
//   node --import tsx bench/profile.ts <file.cpuprofile> [top]
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const file = url.replace(/^file:\/\//, "");
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (file.startsWith("node:")) return "node core";
  const rel = path.relative(process.cwd(), file);
  if (rel.startsWith("lib/") || rel.startsWith("app/")) return rel.split("/").slice(0, 2).join("/");
  return rel.startsWith("..") ? file : rel;
}

/**
 * Profiles a server started with `cpu-profile-hook.mjs` while `work` runs (SIGUSR2 starts and stops V8's profiler,
 * which writes `<n>.cpuprofile` into `dir`); returns the work's result with a summary of where the CPU time went.
 */
export function serverProfiler(pid: number | undefined, dir: string, enabled: boolean, top: number) {
  let profiles = 0;
  return async <T>(work: () => Promise<T>): Promise<{ result: T; profile?: string }> => {
    if (!enabled || !pid) return { result: await work() };
    process.kill(pid, "SIGUSR2");
    const result = await work();
    process.kill(pid, "SIGUSR2");
    const file = path.join(dir, `${++profiles}.cpuprofile`);
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(file)) return { result };
    return { result, profile: summariseProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top) };
  };
}

/** the file a function lives in, relative to the project (line numbers are of tsx's output, so left out) */
function fileOf(url: string): string {
  const file = url.replace(/^file:\/\//, "");
  const pkg = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  if (file.startsWith("node:")) return file;
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export function summariseProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    const where = url ? fileOf(url) : "(native)";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + t);
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + t);
  }
  const busy = total - idle;
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled; shares below are of busy time`, "", "by area:"];
  for (const [a, t] of [...areas]
    .filter(([a]) => a !== "(idle)")
    .sort((x, y) => y[1] - x[1])
    .slice(0, 15))
    lines.push(`  ${pct(t)}  ${a}`);
  lines.push("", "by function (self time):");
  for (const [f, t] of [...fns]
    .filter(([f]) => !f.startsWith("(idle)"))
    .sort((x, y) => y[1] - x[1])
    .slice(0, top))
    lines.push(`  ${pct(t)}  ${f}`);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node --import tsx bench/profile.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summariseProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, top ? Number(top) : 25));
}
