// `npm test`: every suite, in order of cost. Each runs even when an earlier one failed, so one run shows
// everything that is broken; the exit code is non-zero if any failed.
import { spawnSync } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.mjs";

const suites = [
  ["type check (tsc)", ["npx", "tsc", "--noEmit", "-p", "."]],
  ["lint (eslint, prettier, SQL checks)", ["npm", "run", "--silent", "lint"]],
  ["unit (vitest)", ["npx", "vitest", "run"]],
  ["HTTP on SQLite and PostgreSQL (vitest)", ["npx", "vitest", "run", "--config", "e2e/http/vitest.config.ts"]],
  ["console in Chromium (playwright)", ["npx", "playwright", "test"]],
];

process.env.NEXT_TELEMETRY_DISABLED = "1";
buildIfNeeded();
const results = [];
for (const [name, [command, ...args]] of suites) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status } = spawnSync(command, args, { stdio: "inherit", env: process.env });
  results.push({ name, ok: status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "ok    " : "FAILED"} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
