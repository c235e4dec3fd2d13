// Builds the Next app and the server bundle when their sources changed since the last build (a content hash kept
// beside the build), so `npm start` on a fresh clone builds once and later starts are immediate.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildSync } from "esbuild";

const inputs = ["app", "components", "lib", "public", "server.ts", "proxy.ts", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const skip = new Set(["node_modules", ".next", ".next-lead", "generated"]);
const distDir = process.env.PROVISIO_NEXT_DIST ?? ".next";
const stampFile = path.join(distDir, "provisio-source-hash");
/** server.ts with lib/ in one module: the production server loads it without compiling TypeScript at start. */
export const serverBundleIn = (dist) => path.join(dist, "provisio-server.mjs");
export const serverBundle = serverBundleIn(distDir);

function walk(entry, files) {
  if (!existsSync(entry)) return;
  if (statSync(entry).isDirectory()) {
    for (const name of readdirSync(entry).sort()) if (!skip.has(name)) walk(path.join(entry, name), files);
  } else if (!/\.test\.tsx?$/.test(entry)) {
    files.push(entry);
  }
}

export function sourceHash() {
  const files = [];
  for (const input of inputs) walk(input, files);
  const hash = createHash("sha256");
  for (const file of files) hash.update(file).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

export function buildIfNeeded() {
  const hash = sourceHash();
  const built = existsSync(path.join(distDir, "BUILD_ID")) && existsSync(serverBundle) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
  if (built) return false;
  console.log("Building the console (sources changed since the last build)...");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
  bundleServer();
  writeFileSync(stampFile, hash);
  return true;
}

/**
 * Loading server.ts through a TypeScript loader costs a start several seconds of CPU (hundreds of modules compiled
 * and handed across the loader's thread); the bundle loads in one read. Packages stay in node_modules.
 */
function bundleServer() {
  buildSync({
    entryPoints: ["server.ts"],
    outfile: serverBundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
