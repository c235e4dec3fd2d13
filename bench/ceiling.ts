// The bare-Node ceiling: a plain `http.createServer` answering `{"ok":true}` in a process of its own, loaded by
// the same autocannon as the scenarios. What the machine gives a Node server that does nothing, at this moment:
// the scenarios' figures read as shares of it, so runs on a shared, noisy machine can be compared.
import autocannon, { type RequestSpec } from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { cpuWindow, type CpuShares } from "./cpu.ts";

const CEILING_SERVER = `
const http = require("node:http");
const body = Buffer.from('{"ok":true}');
const server = http.createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send && process.send("ready"));
`;

/** The same per-request work in the load generator as the SCIM scenarios (a fresh path), so the difference is the server. */
export const CEILING_REQUEST: RequestSpec = { method: "GET", setupRequest: (req) => ({ ...req, path: `/ok?n=${Math.floor(Math.random() * 1e6)}` }) };

export async function startCeilingServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", CEILING_SERVER], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`ceiling server exited (${code})`)));
  });
  return child;
}

export interface CeilingFigures {
  reqPerSec: number;
  p50: number;
  p99: number;
  cpu: CpuShares;
}

/** Starts the ceiling server, warms it up, measures it once and stops it. `prepare` runs on its pid (priority). */
export async function measureCeiling(opts: { port: number; connections: number; seconds: number; warmupSeconds: number; prepare?: (pid: number) => void }): Promise<CeilingFigures> {
  const server = await startCeilingServer(opts.port);
  if (opts.prepare && server.pid) opts.prepare(server.pid);
  const run = (duration: number) => autocannon({ url: `http://127.0.0.1:${opts.port}`, connections: opts.connections, pipelining: 1, duration, timeout: 10, requests: [CEILING_REQUEST] });
  try {
    await run(opts.warmupSeconds);
    const end = cpuWindow(server.pid!);
    const r = await run(opts.seconds);
    return { reqPerSec: Math.round(r["2xx"] / r.duration), p50: r.latency.p50, p99: r.latency.p99, cpu: end() };
  } finally {
    server.kill("SIGTERM");
  }
}
