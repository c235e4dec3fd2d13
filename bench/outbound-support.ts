// Helpers of the outbound provisioning benchmark (bench/outbound.ts): the build, SCIM calls against instance A
// and B, /proc memory readings.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { round } from "./stats.ts";

export const root = path.resolve(import.meta.dirname, "..");
export const AUTH = `Basic ${Buffer.from("admin:admin").toString("base64")}`;
export const SCIM_JSON = "application/scim+json";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

export const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// ---------- SCIM ----------

export interface Reply {
  status: number;
  body: string;
  ms: number;
}

export async function call(baseUrl: string, method: string, pathAndQuery: string, body?: unknown): Promise<Reply> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers: { authorization: AUTH, accept: SCIM_JSON, ...(body === undefined ? {} : { "content-type": SCIM_JSON }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

/** A user as a SCIM client sends it: a unique (lower-case) userName, a name and a work e-mail. */
export function userBody(userName: string, n: number) {
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Bench", familyName: `Outbound ${n}` },
    emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
  };
}

/** How many users whose userName starts with `prefix` an instance holds. */
export async function countUsers(baseUrl: string, prefix: string): Promise<number> {
  const r = await call(baseUrl, "GET", `/scim2/Users?filter=${encodeURIComponent(`userName sw "${prefix}"`)}&count=0`);
  if (r.status !== 200) throw new Error(`count at ${baseUrl} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return (JSON.parse(r.body) as { totalResults: number }).totalResults;
}

/** The user named exactly `userName` at an instance, with its meta (created: when that instance wrote it). */
export async function findUser(baseUrl: string, userName: string): Promise<{ id: string; meta?: { created?: string } } | undefined> {
  const r = await call(baseUrl, "GET", `/scim2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&attributes=userName,meta`);
  if (r.status !== 200) throw new Error(`lookup at ${baseUrl} answered ${r.status}: ${r.body.slice(0, 300)}`);
  return (JSON.parse(r.body) as { Resources?: { id: string; meta?: { created?: string } }[] }).Resources?.[0];
}

// ---------- /proc ----------

export interface Memory {
  /** VmRSS: everything resident, including the mapped pages of the SQLite file (mmap_size) */
  rssMB: number;
  /** RssAnon: the heap and other private memory, without file-backed pages */
  anonMB: number;
  /** RssFile: file-backed pages (code, and the memory-mapped database) */
  fileMB: number;
}

export function memoryOf(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
  const mb = (x: number) => round(x / 1024, 1);
  return { rssMB: mb(kb("VmRSS")), anonMB: mb(kb("RssAnon")), fileMB: mb(kb("RssFile")) };
}

// ---------- build, priority, provenance ----------

/**
 * The server needs a Next build in its dist folder (PROVISIO_NEXT_DIST, default .next), current with the
 * sources: /scim2 and the outbound worker run from the sources through tsx, but the admin API the drain calls
 * ("retry now") runs from the build. `scripts/build-if-needed.mjs` rebuilds only when the sources changed.
 * `next build` adds its dist folder to tsconfig.json: that edit is undone.
 */
export async function ensureBuild(distDir: string) {
  const tsconfig = path.join(root, "tsconfig.json");
  const before = readFileSync(tsconfig, "utf8");
  log(`checking the Next build in ${distDir} (rebuilt when the sources changed)`);
  const r = spawnSync(process.execPath, ["scripts/build-if-needed.mjs"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (readFileSync(tsconfig, "utf8") !== before) writeFileSync(tsconfig, before);
  if (r.status !== 0 || !existsSync(path.join(root, distDir, "BUILD_ID"))) throw new Error(`the Next build into ${distDir} failed`);
}
