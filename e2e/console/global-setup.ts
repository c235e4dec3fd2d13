import { createServer } from "node:net";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { removeDataDir, startProvisio } from "../support/provisio.ts";
import { SHORT_SETTINGS_CACHE } from "../support/outbound-setup.ts";

/** A free port in 43000-43999, away from the range the HTTP tests draw from when both suites run at once. */
async function freePortIn43xxx(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 43_000 + Math.floor(Math.random() * 1000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error("No free port in 43000-43999");
}

export default async function globalSetup() {
  const root = path.resolve(import.meta.dirname, "../..");
  // A no-op when the build matches the sources; otherwise the server would serve a stale or missing build.
  execFileSync(process.execPath, ["scripts/build-if-needed.mjs"], { cwd: root, stdio: "inherit" });

  // some tests write outbound configuration behind the server's back: it reads it again within a fraction of a second
  const port = process.env.PROVISIO_E2E_PORT ? Number(process.env.PROVISIO_E2E_PORT) : await freePortIn43xxx();
  const provisio = await startProvisio({ port, env: SHORT_SETTINGS_CACHE });
  process.env.PROVISIO_E2E_BASE_URL = provisio.baseUrl;
  // for tests that arrange rows no console page writes (a user as a JIT sign-in leaves it)
  process.env.PROVISIO_E2E_DATABASE_URL = provisio.databaseUrl;

  return async () => {
    await provisio.stop();
    removeDataDir(provisio.dataDir);
  };
}
