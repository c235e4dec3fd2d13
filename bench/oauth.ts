// The OAuth token endpoint of the production server (server.ts): `POST /oauth2/token` with the client_credentials
// grant, next to the bare-Node ceiling measured in the same run. An application per client authentication method
// is created through the admin API; each method gets a warm-up, a measured phase under load and one connection.
//
//   node --import tsx bench/oauth.ts [--duration 10] [--connections 32] [--label before] [--profile]
//       [--quiet-wait 15] [--no-priority]
//
// Everything talks to 127.0.0.1 only, and every load phase has a fixed duration.
import type { RequestSpec } from "autocannon";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, startProvisio, removeDataDir, type ProvisioInstance } from "../e2e/support/provisio.ts";
import { codeVersion, inOwnSession, machine, raisePriority } from "./host.ts";
import { round } from "./stats.ts";
import { serverProfiler } from "./profile.ts";
import { cpuWindow, findPidByEnv, type CpuShares } from "./cpu.ts";
import { buildPresent, ceilingSpec, cpuText, DISTURBED, ensureBuild, leastDisturbed, load, log, quiet, startCeilingServer, type LoadFigures, type Target } from "./load.ts";

const root = path.resolve(import.meta.dirname, "..");
process.chdir(root);

const { values: opts } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    label: { type: "string", default: "" },
    profile: { type: "boolean", default: false },
    "quiet-wait": { type: "string", default: "15" },
    "no-priority": { type: "boolean", default: false },
  },
});
const DURATION = Number(opts.duration);
const CONNECTIONS = Number(opts.connections);
const WARMUP_SECONDS = 3;
const SINGLE_SECONDS = 5;
const PROFILE = opts.profile;
const QUIET_WAIT = Number(opts["quiet-wait"]);
const PRIORITY = opts["no-priority"] ? undefined : -10;
const ADMIN = `Basic ${Buffer.from("admin:admin").toString("base64")}`;
/** one SCIM permission, as a provisioning client would ask for */
const SCOPE = "internal_user_mgt_view";

type Method = "client_secret_basic" | "client_secret_post";
const METHODS: Method[] = ["client_secret_basic", "client_secret_post"];

interface Client {
  clientId: string;
  clientSecret: string;
}

async function createClient(baseUrl: string, method: Method): Promise<Client> {
  const res = await fetch(`${baseUrl}/api/server/v1/applications`, {
    method: "POST",
    headers: { authorization: ADMIN, "content-type": "application/json" },
    body: JSON.stringify({ name: `bench ${method}`, kind: "m2m", scopes: [SCOPE], tokenEndpointAuthMethod: method }),
  });
  if (res.status !== 201) throw new Error(`creating the application answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Client;
}

function tokenRequest(client: Client, method: Method): RequestSpec {
  const form = new URLSearchParams({ grant_type: "client_credentials", scope: SCOPE });
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (method === "client_secret_post") {
    form.set("client_id", client.clientId);
    form.set("client_secret", client.clientSecret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString("base64")}`;
  }
  return { method: "POST", path: "/oauth2/token", headers, body: form.toString() };
}

/** One token by fetch: proves the request is right before it is repeated under load, and gives its header. */
async function oneToken(port: number, spec: RequestSpec): Promise<{ alg: string; bytes: number }> {
  const res = await fetch(`http://127.0.0.1:${port}${spec.path}`, { method: "POST", headers: spec.headers, body: String(spec.body) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`token request answered ${res.status}: ${text}`);
  const token = (JSON.parse(text) as { access_token: string }).access_token;
  return { alg: (JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()) as { alg: string }).alg, bytes: token.length };
}

interface Phase extends LoadFigures {
  title: string;
  alg: string;
  tokenBytes: number;
  attempts: number;
  ofCeiling?: number;
  single: Pick<LoadFigures, "reqPerSec" | "p50" | "p90" | "p99" | "meanMs">;
}

interface Report {
  date: string;
  label: string;
  machine: ReturnType<typeof machine>;
  code: ReturnType<typeof codeVersion>;
  settings: { connections: number; durationSeconds: number; warmupSeconds: number; singleConnectionSeconds: number; scope: string };
  ceiling?: LoadFigures & { attempts: number };
  load: Record<string, Phase>;
  profiles: Record<string, string>;
}

async function main() {
  if (await inOwnSession(PRIORITY)) return;
  const startedAt = Date.now();
  const report: Report = {
    date: new Date().toISOString(),
    label: opts.label,
    code: codeVersion(),
    machine: machine(),
    settings: { connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP_SECONDS, singleConnectionSeconds: SINGLE_SECONDS, scope: SCOPE },
    load: {},
    profiles: {},
  };
  log("checking the production build");
  await ensureBuild();
  raisePriority([process.pid], PRIORITY);

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "provisio-bench-oauth-"));
  const profileDir = path.join(dataDir, "profile");
  let server: ProvisioInstance | undefined;
  try {
    const ceilingPort = freePort();
    const ceiling = await startCeilingServer(ceilingPort);
    raisePriority([ceiling.pid], PRIORITY);
    try {
      const target: Target = { port: ceilingPort, cpu: () => cpuWindow(ceiling.pid) };
      await load(target, ceilingSpec, WARMUP_SECONDS, CONNECTIONS);
      await quiet("the ceiling", QUIET_WAIT);
      const { value, attempts } = await leastDisturbed(
        "the ceiling",
        () => load(target, ceilingSpec, DURATION, CONNECTIONS),
        (f) => f.cpu?.other,
        QUIET_WAIT,
      );
      report.ceiling = { ...value, attempts };
      log(`bare Node ceiling: ${value.reqPerSec} req/s, p50 ${value.p50} ms, p99 ${value.p99} ms, CPU ${cpuText(value.cpu)}`);
    } finally {
      ceiling.kill("SIGTERM");
    }

    log("starting the production server");
    const hook = path.join(root, "bench", "cpu-profile-hook.mjs");
    const env = { LOG_LEVEL: "warn", ...(PROFILE ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${hook}`.trim(), PROVISIO_BENCH_PROFILE_DIR: profileDir } : {}) };
    await buildPresent();
    server = await startProvisio({ dataDir, env });
    const serverPid = findPidByEnv(`PROVISIO_DATA_DIR=${dataDir}`);
    raisePriority([serverPid], PRIORITY);
    const target: Target = { port: server.port, cpu: () => cpuWindow(serverPid) };
    const profiled = serverProfiler(serverPid, profileDir, PROFILE, 40);

    for (const method of METHODS) {
      const spec = tokenRequest(await createClient(server.baseUrl, method), method);
      const token = await oneToken(server.port, spec);
      const title = `client_credentials, ${method}`;
      log(`${title} (${token.alg}, ${token.bytes} bytes): ${WARMUP_SECONDS} s warm-up, ${DURATION} s measured, ${CONNECTIONS} connections`);
      await load(target, spec, WARMUP_SECONDS, CONNECTIONS);
      await quiet(title, QUIET_WAIT);
      const {
        value: { result: f, profile },
        attempts,
      } = await leastDisturbed(
        title,
        () => profiled(() => load(target, spec, DURATION, CONNECTIONS)),
        (x) => x.result.cpu?.other,
        QUIET_WAIT,
      );
      if (profile) {
        report.profiles[method] = profile;
        console.log(`\nserver CPU profile, ${title}:\n${profile}\n`);
      }
      const single = await load(target, spec, SINGLE_SECONDS, 1);
      report.load[method] = {
        title,
        alg: token.alg,
        tokenBytes: token.bytes,
        ...f,
        attempts,
        ...(report.ceiling ? { ofCeiling: round((100 * f.reqPerSec) / report.ceiling.reqPerSec) } : {}),
        single: { reqPerSec: single.reqPerSec, p50: single.p50, p90: single.p90, p99: single.p99, meanMs: single.meanMs },
      };
      log(
        `  ${f.reqPerSec} tokens/s, p50 ${f.p50} ms, p99 ${f.p99} ms, CPU ${cpuText(f.cpu)}${f.non2xx || f.errors ? `, ${f.non2xx} non-2xx ${JSON.stringify(f.statusCodes)}, ${f.errors} errors` : ""}`,
      );
      log(`  one connection: ${single.reqPerSec} tokens/s, mean ${single.meanMs} ms`);
      if (f.non2xx || f.errors || single.non2xx) console.error(`server output (last lines):\n${server.logs().split("\n").slice(-15).join("\n")}`);
    }
    await server.stop();
  } catch (err) {
    if (server) console.error(`server output:\n${server.logs().slice(-4000)}`);
    throw err;
  } finally {
    if (server) await server.kill();
    removeDataDir(dataDir);
  }

  const partial = DURATION !== 10 || CONNECTIONS !== 32;
  const suffix = `${opts.label ? `-${opts.label}` : ""}${PROFILE ? "-profile" : ""}${partial ? "-partial" : ""}`;
  const out = path.join(root, "bench", "results", `oauth-${report.date.slice(0, 10)}${suffix}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
  console.log(`\n${table(report)}\n\nwritten to ${path.relative(root, out)} (run took ${Math.round((Date.now() - startedAt) / 1000)} s)`);
}

/** A Markdown table of one run, as it goes into the README. */
function table(r: Report): string {
  const n = (x: number) => x.toLocaleString("en");
  const cpu = (c?: CpuShares) => (c ? `${c.server} / ${c.loadGenerator} %${c.other >= DISTURBED ? ` (disturbed: other work ${c.other} %)` : ""}` : "—");
  const rows: string[][] = [];
  if (r.ceiling) rows.push(['bare Node http, `{"ok":true}` (ceiling)', `${n(r.ceiling.reqPerSec)} req/s`, `${r.ceiling.p50} / ${r.ceiling.p99} ms`, "—", "100 %", cpu(r.ceiling.cpu)]);
  for (const f of Object.values(r.load)) {
    rows.push([`${f.title} (${f.alg})`, `${n(f.reqPerSec)} tokens/s`, `${f.p50} / ${f.p99} ms`, `${f.single.meanMs} ms`, f.ofCeiling === undefined ? "—" : `${f.ofCeiling} %`, cpu(f.cpu)]);
  }
  const head = [`Scenario (${r.code.commit}${r.label ? `, ${r.label}` : ""})`, "Measured", `p50 / p99, ${r.settings.connections} conn.`, "1 conn.: mean", "of ceiling", "CPU server / load gen."];
  return [head, head.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
