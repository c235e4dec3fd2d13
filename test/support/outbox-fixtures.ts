import type { Sql } from "../../lib/db/sql.ts";
import { endPauses } from "../../lib/provisioning/outbox/pauses.ts";
import { startFakeScimServer, type FakeScimServer } from "./fake-scim-server.ts";
import { FAKE_BASIC } from "./test-connectors.ts";
import { testDatabase } from "./test-database.ts";

// Fixtures of the provisioning tests that run the outbox against a fake target: the database and the target, a
// clean outbox for each test, a target that refuses one object, and waiting for a worker to get somewhere.

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A migrated, seeded test database and a fake SCIM 2.0 target that expects FAKE_BASIC; close() ends both. */
export async function databaseAndTarget(): Promise<{ sql: Sql; fake: FakeScimServer; close: () => Promise<void> }> {
  const { sql, cleanup } = await testDatabase();
  const fake = await startFakeScimServer({ version: "2.0", basic: FAKE_BASIC });
  return {
    sql,
    fake,
    close: async () => {
      await fake.close();
      await cleanup();
    },
  };
}

/** An outbox as before any change: no pause, no queued change, no logged attempt, no remote id. */
export async function clearOutbox(sql: Sql) {
  await endPauses(sql);
  await sql.run(`DELETE FROM "OutboxEvent"`);
  await sql.run(`DELETE FROM "ProvisioningAttempt"`);
  await sql.run(`DELETE FROM "RemoteMapping"`);
  await sql.run(`DELETE FROM "ProvisioningHourlyTally"`);
}

/** The target answers the create of that one user with a SCIM error (once, or every time); it takes the others. */
export function refuseCreateOf(fake: FakeScimServer, userName: string, error: { status: number; scimType?: string; detail: string }, once = true) {
  fake.intercept((req, res) => {
    if (req.method !== "POST" || req.json?.userName !== userName) return false;
    res.writeHead(error.status, { "content-type": "application/scim+json" });
    const { status, ...rest } = error;
    res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(status), ...rest }));
    return true;
  }, once);
}

/** Polls `done` until it holds or the time is up; the assertions that follow say whether it got there. */
export async function waitUntil(done: () => Promise<boolean> | boolean, timeoutMs: number, everyMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) await sleep(everyMs);
}
