import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { createUser } from "../identity/users/create-user";
import { ConnectorError } from "./connectors/types";
import { closedPort, type FakeScimServer } from "../../test/support/fake-scim-server";
import { clearOutbox, databaseAndTarget, refuseCreateOf, sleep, waitUntil } from "../../test/support/outbox-fixtures";
import { syncConnector } from "./sync";
import { retryEvents } from "./log";
import type { ActiveProvisioner } from "./provisioners";
import { NOT_PAUSED } from "./outbox/pauses";
import { meansTargetUnavailable } from "./target-pause";
import { claimEvents, insertEvent } from "./outbox/events";
import { OutboxWorker, deliverBlocking } from "./worker";
import { endpointsAt, scim2Connection, testActor as actor } from "../../test/support/test-connectors";

let sql: Sql;
let close: () => Promise<void>;
let fake: FakeScimServer;
let downConnector: string;
let upConnector: string;

async function connectorTo(name: string, base: string): Promise<string> {
  return (await scim2Connection(sql, name, endpointsAt(base), { timeoutMs: 2_000 })).connectorId;
}

interface EventRow {
  seq: number;
  status: string;
  attempts: number;
  nextAttemptAt: unknown;
}
const eventsOf = (connectorId: string) => sql.all<EventRow>(`SELECT "seq", "status", "attempts", "nextAttemptAt" FROM "OutboxEvent" WHERE "connectorId" = ? ORDER BY "seq"`, [connectorId]);
const attemptsOf = (connectorId: string) => sql.all<{ status: string; error: string | null }>(`SELECT "status", "error" FROM "ProvisioningAttempt" WHERE "connectorId" = ?`, [connectorId]);

/** Runs a worker until nothing is due or in flight any more, then stops it. */
async function onePass() {
  const worker = new OutboxWorker(sql, { pollMs: 60_000, batch: 50, parallel: 1 });
  worker.start();
  await sleep(20);
  // events of a paused target are due but not claimed: they do not keep the pass going
  const idle = async () => {
    const now = new Date();
    return !(await sql.get(`SELECT 1 AS "x" FROM "OutboxEvent" e WHERE e."status" = 'in_flight' OR (e."status" = 'pending' AND e."nextAttemptAt" <= ? AND ${NOT_PAUSED})`, [now, now, now]));
  };
  await waitUntil(idle, 10_000, 20);
  await worker.stop();
}

beforeAll(async () => {
  ({ sql, fake, close } = await databaseAndTarget());
  downConnector = await connectorTo("Down partner", `http://127.0.0.1:${await closedPort()}/scim2`);
  upConnector = await connectorTo("Partner with one bad object", fake.origin + "/scim2");
  for (const name of ["poison", "ok-1", "ok-2"]) await createUser(sql, { userName: name }, { actor });
});
afterAll(() => close());
beforeEach(() => clearOutbox(sql));

describe("a target that is unavailable", () => {
  it("is tried once for all its queued changes, which wait, untried, until that one is retried", async () => {
    expect((await syncConnector(sql, downConnector, { dryRun: false })).create).toBe(4);
    await onePass();
    const attempts = await attemptsOf(downConnector);
    expect(attempts).toHaveLength(1);
    expect(attempts[0].status).toBe("retrying");
    expect(attempts[0].error).toMatch(/the other changes queued for Down partner wait until/);
    const events = await eventsOf(downConnector);
    expect(events.map((e) => [e.status, Number(e.attempts)])).toEqual([
      ["pending", 1],
      ["pending", 0],
      ["pending", 0],
      ["pending", 0],
    ]);
    // the pause is the connector's, in the database: the failed change is due when it ends, the others are not
    // claimed before then (their own due time is untouched; no write to every queued row)
    const pause = await sql.get<{ pausedUntil: unknown; failures: number }>(`SELECT "pausedUntil", "failures" FROM "TargetPause" WHERE "connectorId" = ?`, [downConnector]);
    expect(Number(pause?.failures)).toBe(1);
    const pauseEnd = new Date(String(pause!.pausedUntil).replace(" ", "T")).getTime();
    expect(pauseEnd).toBeGreaterThan(Date.now());
    expect(new Date(String(events[0].nextAttemptAt).replace(" ", "T")).getTime()).toBe(pauseEnd);
    expect(await claimEvents(sql, "another-instance", 50)).toEqual([]);
  });

  it("holds back changes queued meanwhile until the pause ends, until someone says retry now", async () => {
    await syncConnector(sql, downConnector, { dryRun: false });
    await onePass();
    const queueOne = (blocking: boolean) =>
      sql.transaction((tx) =>
        insertEvent(
          tx,
          { connectorId: downConnector, blocking } as ActiveProvisioner,
          "User",
          blocking ? "blocking-change" : "later-change",
          "update",
          { name: "later" },
          { serviceProviderId: "resident", trigger: "console" },
        ),
      );
    const lastSeq = async () => Number((await eventsOf(downConnector)).at(-1)!.seq);

    await queueOne(false);
    expect(await claimEvents(sql, "another-instance", 50)).toEqual([]);
    // a blocking caller waits for its own delivery: it hears at once that the target is held back, untried
    await queueOne(true);
    const [blocked] = await deliverBlocking(sql, [await lastSeq()], 2_000);
    expect(blocked.error).toMatch(/^Not tried: the target is unavailable/);
    expect(await attemptsOf(downConnector)).toHaveLength(1);

    await retryEvents(sql, { connectorId: downConnector });
    expect((await claimEvents(sql, "another-instance", 50)).length).toBeGreaterThan(0);
  });

  it("is not assumed when the target answers 500 for one object: the others are delivered", async () => {
    refuseCreateOf(fake, "poison", { status: 500, detail: "cannot store this one" }, false);
    await syncConnector(sql, upConnector, { dryRun: false });
    await onePass();
    const byStatus = (await attemptsOf(upConnector)).map((a) => a.status).sort();
    expect(byStatus).toEqual(["retrying", "success", "success", "success"]);
    expect((await attemptsOf(upConnector)).find((a) => a.status === "retrying")?.error).not.toMatch(/wait until/);
  });
});

describe("meansTargetUnavailable", () => {
  it.each([
    ["no HTTP answer (refused, DNS, TLS, timeout)", { retryable: true }, true],
    ["429 Too Many Requests", { retryable: true, httpStatus: 429 }, true],
    ["503 Service Unavailable", { retryable: true, httpStatus: 503 }, true],
    ["502 Bad Gateway", { retryable: true, httpStatus: 502 }, true],
    ["500 for one object", { retryable: true, httpStatus: 500 }, false],
    ["409 conflict", { retryable: false, httpStatus: 409 }, false],
    ["a malformed answer, not retried", { retryable: false }, false],
  ])("%s → %s", (_, options, expected) => {
    expect(meansTargetUnavailable(new ConnectorError("x", options))).toBe(expected);
  });

  it("is false for anything that is not a connector's error", () => {
    expect(meansTargetUnavailable(new Error("boom"))).toBe(false);
  });
});
