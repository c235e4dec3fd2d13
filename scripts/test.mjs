// `npm test`: every suite, in order of cost. Each runs even when an earlier one failed, so one run shows
// everything that is broken; the exit code is non-zero if any failed.
import { spawn } from "node:child_process";
import { buildIfNeeded } from "./build-if-needed.mjs";

// The type check and the lint each keep about one core busy: on two cores they run side by side, their output
// held back and printed whole, one after the other. The test suites use every core, so they run one at a time.
const checks = [
  ["type check (tsc)", ["npx", "tsc", "--noEmit", "-p", "."]],
  ["lint (eslint, prettier, SQL checks)", ["npm", "run", "--silent", "lint"]],
];
const suites = [
  ["unit (vitest)", ["npx", "vitest", "run"]],
  ["HTTP on SQLite and PostgreSQL (vitest)", ["npx", "vitest", "run", "--config", "e2e/http/vitest.config.ts"]],
  ["console in Chromium (playwright)", ["npx", "playwright", "test"]],
];

/** Runs one suite; `heldBack` collects its output and prints it under its heading when it ends. */
function run([name, [command, ...args]], { heldBack = false } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    if (!heldBack) console.log(`\n=== ${name} ===`);
    const child = spawn(command, args, { stdio: heldBack ? ["ignore", "pipe", "pipe"] : "inherit", env: process.env });
    const output = [];
    if (heldBack) for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
    let failure = "";
    child.on("error", (error) => (failure = `${error.message}\n`));
    child.on("close", (status) => {
      if (heldBack) {
        console.log(`\n=== ${name} ===`);
        process.stdout.write(Buffer.concat(output));
      }
      if (failure) process.stdout.write(failure);
      resolve({ name, ok: status === 0 && !failure, seconds: Math.round((Date.now() - started) / 1000) });
    });
  });
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
buildIfNeeded();
const results = await Promise.all(checks.map((check) => run(check, { heldBack: true })));
for (const suite of suites) results.push(await run(suite));
console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "ok    " : "FAILED"} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`suites: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
