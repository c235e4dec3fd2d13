import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { endpointsAt, scim2Connection } from "../../test/support/test-connectors";
import { clearOutbox } from "../../test/support/outbox-fixtures";
import { provisioningHealth } from "./health";
import { listAttempts } from "./log";
import { recountHourlyTallies } from "./outbox/hourly-tallies";

// The health and the log's resolved failures read from rows as the worker leaves them, arranged here directly.

let sql: Sql;
let cleanup: () => Promise<void>;
let connectorId: string;
let connectionId: string;
const HOUR = 3_600_000;
const now = new Date("2026-03-10T14:25:00Z");
const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);

async function event(seq: number, entityId: string, status: string, created: Date, updated: Date) {
  await sql.run(
    `INSERT INTO "OutboxEvent" ("seq", "connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt") VALUES (?, ?, 'User', ?, 'update', '{}', ?, 1, ?, ?, ?)`,
    [seq, connectorId, entityId, status, updated, created, updated],
  );
}
async function attempt(id: string, seq: number, entityId: string, status: string, when: Date) {
  await sql.run(
    `INSERT INTO "ProvisioningAttempt" ("id", "eventSeq", "connectorId", "connectionName", "connectorType", "entityType", "entityId", "entityName", "operation", "status", "httpStatus", "durationMs", "error", "attempt", "at") VALUES (?, ?, ?, 'Partner', 'scim2', 'User', ?, ?, 'update', ?, ?, 3, ?, 1, ?)`,
    [id, seq, connectorId, entityId, entityId, status, status === "success" ? 200 : 500, status === "success" ? null : "HTTP 500", when],
  );
}

beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
  ({ connectionId, connectorId } = await scim2Connection(sql, "Partner", endpointsAt("http://127.0.0.1:9/scim2")));
});
afterAll(() => cleanup());
beforeEach(() => clearOutbox(sql));

describe("provisioningHealth", () => {
  it("counts the last day's attempts per hour and the queue at each hour's end, from the database", async () => {
    // ann: failed 5 h ago, delivered 3 h ago; bob: dead 2 h ago; cid: queued 1 h ago, still waiting; dan: a success 30 h ago
    await event(1, "ann", "delivered", at(5), at(3));
    await attempt("a1", 1, "ann", "retrying", at(5));
    await attempt("a2", 1, "ann", "success", at(3));
    await event(2, "bob", "dead", at(2.2), at(2));
    await attempt("b1", 2, "bob", "dead", at(2));
    await event(3, "cid", "pending", at(1), at(1));
    await event(4, "dan", "delivered", at(30), at(30));
    await attempt("d1", 4, "dan", "success", at(30));

    // the attempts were written directly: counted per hour as recording them would have
    await recountHourlyTallies(sql);
    const health = await provisioningHealth(sql, now);
    expect(health.since).toEqual(new Date("2026-03-09T15:00:00Z"));
    const [partner] = health.connections;
    expect(partner).toMatchObject({ connectionId, connectionName: "Partner", successes: 1, failures: 2, deadLetters: 1, queueDepth: 1, openDeadLetters: 1, lastSuccessAt: at(3) });
    const byHour = (hoursAgo: number) => partner!.series.find((p) => p.at.getTime() === Math.floor(at(hoursAgo).getTime() / HOUR) * HOUR)!;
    expect(byHour(5)).toMatchObject({ failures: 1, successes: 0, queueDepth: 1 });
    expect(byHour(3)).toMatchObject({ successes: 1, queueDepth: 0 });
    expect(byHour(2)).toMatchObject({ failures: 1, deadLetters: 1, queueDepth: 0 });
    expect(byHour(0)).toMatchObject({ queueDepth: 1 });
    // ann's failure was resolved by the delivery after it: only bob's is still open
    expect(health.recentFailures.map((a) => a.id)).toEqual(["b1"]);
  });
});

describe("resolved failures", () => {
  it("marks a failure resolved when its event or a later one of the same object was delivered, and leaves those out on request", async () => {
    // ann: one event retried until delivered; bob: a dead event superseded by a later delivered one;
    // cid: dead, and nothing delivered since; eve: dead, and a later event still failing
    await event(1, "ann", "delivered", at(4), at(3));
    await attempt("ann-1", 1, "ann", "retrying", at(4));
    await attempt("ann-2", 1, "ann", "success", at(3));
    await event(2, "bob", "dead", at(4), at(4));
    await attempt("bob-1", 2, "bob", "dead", at(4));
    await event(3, "bob", "delivered", at(2), at(2));
    await attempt("bob-2", 3, "bob", "success", at(2));
    await event(4, "cid", "dead", at(4), at(4));
    await attempt("cid-1", 4, "cid", "dead", at(4));
    await event(5, "eve", "dead", at(4), at(4));
    await attempt("eve-1", 5, "eve", "dead", at(4));
    await event(6, "eve", "pending", at(1), at(1));
    await attempt("eve-2", 6, "eve", "retrying", at(1));

    const all = await listAttempts(sql, { status: ["retrying", "dead"] });
    expect(Object.fromEntries(all.items.map((a) => [a.id, a.resolved]))).toEqual({ "ann-1": true, "bob-1": true, "cid-1": false, "eve-1": false, "eve-2": false });
    const open = await listAttempts(sql, { status: ["retrying", "dead"], openOnly: true });
    expect(open.totalResults).toBe(3);
    expect(open.items.map((a) => a.id).sort()).toEqual(["cid-1", "eve-1", "eve-2"]);
    // successes are never failures to resolve, and stay in an unfiltered open view
    const everything = await listAttempts(sql, { openOnly: true });
    expect(everything.items.map((a) => a.id).sort()).toEqual(["ann-2", "bob-2", "cid-1", "eve-1", "eve-2"]);
    expect((await listAttempts(sql, { id: "bob-1" })).items.map((a) => [a.id, a.resolved])).toEqual([["bob-1", true]]);
  });
});
