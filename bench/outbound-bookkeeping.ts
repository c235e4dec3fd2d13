// What the outbox worker's bookkeeping after each delivery costs on SQLite, outside the server: the three writes
// of lib/provisioning/deliver.ts (RemoteMapping upsert, OutboxEvent status, ProvisioningAttempt row) as three
// autocommits (as the worker does them), in one transaction per event, and in one transaction per 64 events.
//
//   node --import tsx bench/outbound-bookkeeping.ts [events]
//
// Same schema (migrations) and connection settings as the application (WAL, synchronous NORMAL, cache, mmap).
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "./seed.ts";

const N = Number(process.argv[2] ?? 10_000);
const ts = () => new Date().toISOString().replace("Z", "+00:00");

async function measure(mode: "autocommit" | "per event" | "per 64 events"): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-bookkeeping-"));
  try {
    const file = path.join(dir, "provisio.db");
    await prepareDatabase(`file:${file}`);
    const db = new Database(file);
    for (const p of ["journal_mode = WAL", "synchronous = NORMAL", "cache_size = -65536", "mmap_size = 268435456", "foreign_keys = OFF"]) db.pragma(p);
    const connectorId = "bench-connector";
    const payload = JSON.stringify({ name: "dr.bench.1", user: { userName: "dr.bench.1", name: { givenName: "Bench", familyName: "Outbound 1" }, emails: [{ value: "dr.bench.1@example.com" }] } });
    const queue = db.prepare(
      `INSERT INTO "OutboxEvent" ("connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "blocking", "createdAt", "updatedAt") VALUES (?, 'User', ?, 'create', ?, 'in_flight', 0, ?, 0, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < N; i++) queue.run(connectorId, `e${i}`, payload, ts(), ts(), ts());
    })();
    const mapping = db.prepare(
      `INSERT INTO "RemoteMapping" ("connectorId", "entityType", "entityId", "remoteId", "updatedAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT ("connectorId", "entityType", "entityId") DO UPDATE SET "remoteId" = excluded."remoteId", "updatedAt" = excluded."updatedAt"`,
    );
    const delivered = db.prepare(`UPDATE "OutboxEvent" SET "status" = 'delivered', "attempts" = "attempts" + 1, "lastError" = NULL, "lockedBy" = NULL, "updatedAt" = ? WHERE "seq" = ?`);
    const attempt = db.prepare(
      `INSERT INTO "ProvisioningAttempt" ("id", "eventSeq", "connectorId", "connectionName", "connectorType", "entityType", "entityId", "entityName", "operation", "status", "httpStatus", "durationMs", "error", "attempt", "request", "response", "at") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // summaries of the size the SCIM 2.0 connector logs for a create
    const request = `POST http://127.0.0.1:1/scim2/Users\n${JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "dr.bench.1", name: { givenName: "Bench", familyName: "Outbound 1" }, emails: [{ value: "dr.bench.1@example.com", type: "work", primary: true }], active: true })}`;
    const response = `HTTP 201\n${JSON.stringify({ id: randomUUID(), userName: "dr.bench.1", meta: { created: ts(), lastModified: ts(), location: `http://127.0.0.1:1/scim2/Users/${randomUUID()}` } })}`;
    const one = (i: number) => {
      mapping.run(connectorId, "User", `e${i}`, randomUUID(), ts());
      delivered.run(ts(), i + 1);
      attempt.run(randomUUID(), i + 1, connectorId, "bench-b", "scim2", "User", `e${i}`, `dr.bench.${i}`, "create", "success", 201, 3, null, 1, request, response, ts());
    };
    const perEvent = db.transaction(one);
    const per64 = db.transaction((from: number) => {
      for (let i = from; i < Math.min(N, from + 64); i++) one(i);
    });
    const t0 = performance.now();
    if (mode === "autocommit") for (let i = 0; i < N; i++) one(i);
    else if (mode === "per event") for (let i = 0; i < N; i++) perEvent(i);
    else for (let i = 0; i < N; i += 64) per64(i);
    const ms = performance.now() - t0;
    db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: string[] = [];
for (const mode of ["autocommit", "per event", "per 64 events"] as const) {
  const ms = await measure(mode);
  results.push(`${mode.padEnd(14)} ${((1000 * ms) / N).toFixed(0).padStart(4)} µs per event (${ms.toFixed(0)} ms for ${N.toLocaleString("en")})`);
}
console.log(`\nbookkeeping writes of one delivery (RemoteMapping, OutboxEvent, ProvisioningAttempt):\n${results.join("\n")}`);
