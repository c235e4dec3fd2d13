// `npm run dev` is the production server with Next in development mode: one composition root, so migrations,
// the seed, SCIM, OAuth and outbound provisioning work there exactly as under `npm start`.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimClient } from "../support/scim-client";
import { eventually } from "../support/eventually";
import { freePortAsync, removeDataDir, serverEnv, startProvisio, type ProvisioInstance } from "../support/provisio";
import { provisionTo } from "../support/outbound-setup";

// `next dev` compiles each route on its first request: generous on a busy 2-core machine
const START_TIMEOUT_MS = 180_000;
const COMPILE_TIMEOUT_MS = 120_000;

interface DevServer {
  baseUrl: string;
  dataDir: string;
  databaseUrl: string;
  logs: () => string;
  stop(): Promise<void>;
}

async function startDevServer(): Promise<DevServer> {
  const port = await freePortAsync();
  const dataDir = mkdtempSync(path.join(tmpdir(), "provisio-dev-"));
  const databaseUrl = `file:${path.join(dataDir, "provisio.db")}`;
  const baseUrl = `http://localhost:${port}`;
  // what the dev script sets itself; vitest's NODE_ENV=test must not reach it
  const env = { ...serverEnv({ port, baseUrl, dataDir, databaseUrl }), NODE_ENV: "development" as const };
  let output = "";
  // its own process group: npm, the shell and node stop together
  const child: ChildProcess = spawn("npm", ["run", "dev"], { cwd: path.resolve(import.meta.dirname, "../.."), env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited during start (code ${child.exitCode}):\n${output}`);
    // the health check is answered by the server itself, before Next compiles anything
    const healthy = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      process.kill(-child.pid!, "SIGKILL");
      throw new Error(`npm run dev did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    dataDir,
    databaseUrl,
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
      const killer = setTimeout(() => child.exitCode === null && process.kill(-child.pid!, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

describe("npm run dev", () => {
  let a: DevServer;
  let b: ProvisioInstance;

  beforeAll(async () => {
    [a, b] = await Promise.all([startDevServer(), startProvisio()]);
  }, START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    if (a) removeDataDir(a.dataDir);
    if (b) removeDataDir(b.dataDir);
  });

  it(
    "serves the console, SCIM, OIDC discovery and provisions outbound, on a fresh data folder",
    async () => {
      // the seeded administrator signs in to SCIM at once: migrations and seed ran
      const created = await new ScimClient(a.baseUrl).scim("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "dev.first" });
      expect(created.status).toBe(201);

      const discovery = await fetch(`${a.baseUrl}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(200);
      expect((await discovery.json()).issuer).toBe(a.baseUrl);

      // Next compiles the sign-in page on this first request
      const signin = await fetch(`${a.baseUrl}/signin`);
      expect(signin.status).toBe(200);
      expect(signin.headers.get("content-type")).toMatch(/text\/html/);
      expect(await signin.text()).toMatch(/<html/i);

      // the outbound worker runs in development too: a user created at A arrives at B
      await provisionTo(a, b);
      const sent = await new ScimClient(a.baseUrl).scim("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "dev.outbound",
        name: { givenName: "Ada", familyName: "Lovelace" },
      });
      expect(sent.status).toBe(201);
      const atB = await eventually(
        async () => (await new ScimClient(b.baseUrl).scim("GET", `/Users?filter=${encodeURIComponent('userName eq "dev.outbound"')}`)).body.Resources?.[0],
        "the user at B",
        30_000,
      );
      expect(atB).toMatchObject({ userName: "dev.outbound", name: { givenName: "Ada", familyName: "Lovelace" } });
    },
    COMPILE_TIMEOUT_MS + 60_000,
  );
});
