// Starts a production Provisio server (the bundle of server.ts, after `npm run build`) as a child process, the way
// `npm start` does, with its own port, data folder and database; several can run side by side.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
// @ts-expect-error plain ESM script without types
import { serverBundleIn } from "../../scripts/build-if-needed.mjs";

export interface ProvisioInstance {
  port: number;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string;
  logs: () => string;
  /** graceful stop (SIGTERM) */
  stop(): Promise<void>;
  /** SIGKILL, as a crash */
  kill(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** defaults to a SQLite file in a fresh data folder */
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
}

import net from "node:net";

let nextPort = 41_000 + Math.floor(Math.random() * 2000) * 5;
/** A likely-free port without waiting, for callers that need one synchronously (bench scripts). */
export const freePort = () => nextPort++;

/** A port the OS has just handed out: parallel test workers cannot pick the same one. */
export function freePortAsync(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment a test server runs with: its own port, data folder and database, and the secret of e2e/support
 * (connector settings that provisionTo writes must decrypt in the server).
 */
export function serverEnv(where: { port: number; baseUrl: string; dataDir: string; databaseUrl: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(where.port),
    HOST: "127.0.0.1",
    PROVISIO_BASE_URL: where.baseUrl,
    PROVISIO_DATA_DIR: where.dataDir,
    DATABASE_URL: where.databaseUrl,
    PROVISIO_SECRET: "test-secret-test-secret-test-secret-0123",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

export async function startProvisio(options: StartOptions = {}): Promise<ProvisioInstance> {
  const port = options.port ?? (await freePortAsync());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), "provisio-data-"));
  const databaseUrl = options.databaseUrl ?? `file:${path.join(dataDir, "provisio.db")}`;
  const baseUrl = `http://localhost:${port}`;
  const root = path.resolve(import.meta.dirname, "../..");
  let output = "";
  // the bundle `npm run build` makes of server.ts, as `npm start` runs it
  const bundle = serverBundleIn(path.join(root, options.env?.PROVISIO_NEXT_DIST ?? process.env.PROVISIO_NEXT_DIST ?? ".next")) as string;
  const child: ChildProcess = spawn(process.execPath, [bundle], {
    cwd: root,
    env: {
      ...serverEnv({ port, baseUrl, dataDir, databaseUrl }),
      NODE_ENV: "production",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Provisio exited during start (code ${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Provisio did not become healthy within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    port,
    baseUrl,
    dataDir,
    databaseUrl,
    logs: () => output,
    stop: () => end("SIGTERM"),
    kill: () => end("SIGKILL"),
  };
}

export function removeDataDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

/** The same instance started again, on its port, data folder and database, after stop() or kill(). */
export function restartProvisio(instance: ProvisioInstance): Promise<ProvisioInstance> {
  return startProvisio({ dataDir: instance.dataDir, port: instance.port, databaseUrl: instance.databaseUrl });
}

/** Stops the instances (those that started) and removes their data folders: for afterAll and finally blocks. */
export async function stopAndRemove(...instances: (ProvisioInstance | undefined)[]) {
  await Promise.all(instances.map((instance) => instance?.stop()));
  for (const instance of instances) if (instance) removeDataDir(instance.dataDir);
}
