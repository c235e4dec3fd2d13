import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { putSetting } from "../identity/settings";
import { createUser } from "../identity/users/create-user";
import type { FakeScimServer } from "../../test/support/fake-scim-server";
import { clearOutbox, databaseAndTarget, refuseCreateOf, sleep, waitUntil } from "../../test/support/outbox-fixtures";
import { saveConnector } from "./connections";
import { syncConnector } from "./sync";
import { noteUnreachable, passGate } from "./outbox/pauses";
import { pauseLength } from "./target-pause";
import { claimEvents } from "./outbox/events";
import { OutboxWorker, deliverOrHoldBack } from "./worker";
import { FAKE_BASIC, scim2Connection, testActor as actor } from "../../test/support/test-connectors";

let sql: Sql;
let close: () => Promise<void>;
let fake: FakeScimServer;
let connectorId: string;
let connectionId: string;

const CHANGES = 150;
// a test-sized pause: 250 ms doubling to 2 s (production: the retry policy's 1 s doubling to a minute)
const POLICY = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 2_000 };

interface Totals {
  delivered: number;
  dead: number;
  pending: number;
  tries: number;
  counted: number;
}
const totals = async () =>
  (await sql.get<Totals>(
    `SELECT SUM(CASE WHEN "status" = 'delivered' THEN 1 ELSE 0 END) AS "delivered", SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END) AS "dead",
            SUM(CASE WHEN "status" IN ('pending', 'in_flight') THEN 1 ELSE 0 END) AS "pending",
            SUM("attempts") AS "tries", SUM("attempts" - "outageTries") AS "counted"
     FROM "OutboxEvent" WHERE "connectorId" = ?`,
    [connectorId],
  ))!;
const failedTries = async () => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "status" <> 'success'`, [connectorId]))!.n);
const logged = async () => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "connectorId" = ?`, [connectorId]))!.n);

beforeAll(async () => {
  ({ sql, fake, close } = await databaseAndTarget());
  await putSetting(sql, "outboundRetry", POLICY);
  ({ connectorId, connectionId } = await scim2Connection(sql, "Partner that goes down", fake, { timeoutMs: 2_000 }));
  for (let i = 0; i < CHANGES - 1; i++) await createUser(sql, { userName: `outage-${i}` }, { actor });
});
afterAll(() => close());
beforeEach(async () => {
  await clearOutbox(sql);
  fake.users.clear();
  fake.requests.length = 0;
  await fake.start();
});

describe("the pause of a target that is down", () => {
  it("grows from the base delay, doubling to a cap of a minute at most", () => {
    const production = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => pauseLength(n, production))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(pauseLength(9, { baseDelayMs: 200, maxDelayMs: 1_000 })).toBe(1_000);
  });

  it("is the connector's: a probe that has never been tried before lengthens it rather than resetting it", async () => {
    const policy = { baseDelayMs: 1_000, maxDelayMs: 300_000 };
    let now = new Date("2030-01-01T00:00:00Z");
    expect(await passGate(sql, connectorId, "first", 60_000, now)).toEqual({ kind: "open" });
    // the first failure starts the pause; concurrent failures of sends already under way count once
    const first = await noteUnreachable(sql, connectorId, undefined, policy, "refused", now);
    expect(first).toEqual({ until: new Date(now.getTime() + 1_000), failures: 1 });
    expect(await noteUnreachable(sql, connectorId, undefined, policy, "refused", now)).toEqual(first);
    const lengths: number[] = [];
    for (let round = 1; round <= 8; round++) {
      expect((await passGate(sql, connectorId, `early-${round}`, 60_000, now)).kind).toBe("held");
      const { pausedUntil } = (await sql.get<{ pausedUntil: string }>(`SELECT "pausedUntil" FROM "TargetPause" WHERE "connectorId" = ?`, [connectorId]))!;
      now = new Date(String(pausedUntil));
      // each probe is a different change that was never tried (attempts 0): the pause still doubles
      const token = `never-tried-${round}`;
      expect(await passGate(sql, connectorId, token, 60_000, now)).toEqual({ kind: "probe", token });
      expect(await passGate(sql, connectorId, "second-probe", 60_000, now)).toMatchObject({ kind: "held", probing: true });
      const pause = await noteUnreachable(sql, connectorId, token, policy, "refused", now);
      lengths.push(pause.until.getTime() - now.getTime());
    }
    expect(lengths).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it.each([
    ["a first 429 asking for 30 s", [{ probe: false, asked: 30_000 }], 30_000, 1],
    ["a first 429 asking for less than the backoff", [{ probe: false, asked: 200 }], 1_000, 1],
    [
      "a later send asking for longer stretches the standing pause",
      [
        { probe: false, asked: 0 },
        { probe: false, asked: 45_000 },
      ],
      45_000,
      1,
    ],
    [
      "a later, shorter answer never shortens it",
      [
        { probe: false, asked: 45_000 },
        { probe: false, asked: 5_000 },
      ],
      45_000,
      1,
    ],
    [
      "the probe's 429 with Retry-After beyond the doubling",
      [
        { probe: false, asked: 0 },
        { probe: true, asked: 90_000 },
      ],
      90_000,
      2,
    ],
  ])("lasts at least as long as the target asked: %s", async (_, answers, expectedMs, failures) => {
    const policy = { baseDelayMs: 1_000, maxDelayMs: 300_000 };
    const now = new Date("2031-01-01T00:00:00Z");
    let pause = { until: now, failures: 0 };
    for (const [i, answer] of answers.entries()) {
      let token: string | undefined;
      if (answer.probe) {
        await sql.run(`UPDATE "TargetPause" SET "pausedUntil" = ? WHERE "connectorId" = ?`, [now, connectorId]);
        token = `probe-${i}`;
        expect(await passGate(sql, connectorId, token, 60_000, now)).toEqual({ kind: "probe", token });
      }
      pause = await noteUnreachable(sql, connectorId, token, policy, "HTTP 429", now, answer.asked);
    }
    expect(pause).toEqual({ until: new Date(now.getTime() + expectedMs), failures });
    const stored = await sql.get<{ pausedUntil: string }>(`SELECT "pausedUntil" FROM "TargetPause" WHERE "connectorId" = ?`, [connectorId]);
    expect(new Date(String(stored!.pausedUntil))).toEqual(pause.until);
    await sql.run(`DELETE FROM "TargetPause" WHERE "connectorId" = ?`, [connectorId]);
  });

  it("ends when the connector's settings are saved, so a corrected endpoint is tried at once", async () => {
    await fake.stop();
    await syncConnector(sql, connectorId, { dryRun: false });
    const [row] = await claimEvents(sql, "lane", 1);
    expect((await deliverOrHoldBack(sql, "lane", row!)).ok).toBe(false);
    // as if the target had been down for a while: a minute's pause, the failed change due at its end
    const later = new Date(Date.now() + 60_000);
    await sql.run(`UPDATE "TargetPause" SET "pausedUntil" = ?`, [later]);
    await sql.run(`UPDATE "OutboxEvent" SET "nextAttemptAt" = ? WHERE "seq" = ?`, [later, row!.seq]);
    expect((await passGate(sql, connectorId, "t", 60_000)).kind).toBe("held");
    const due = () => sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "connectorId" = ? AND "nextAttemptAt" <= ?`, [connectorId, new Date()]);
    expect(Number((await due())!.n)).toBe(CHANGES - 1);
    await saveConnector(sql, connectionId, { type: "scim2", config: { userEndpoint: fake.userEndpoint, groupEndpoint: fake.groupEndpoint, authType: "basic", ...FAKE_BASIC } }, actor);
    expect(await passGate(sql, connectorId, "t", 60_000)).toEqual({ kind: "open" });
    // the change that failed during the outage is due at once too
    expect(Number((await due())!.n)).toBe(CHANGES);
  });

  it("stops lanes that claimed changes before the first failure was known: they give them back untried", async () => {
    await fake.stop();
    expect((await syncConnector(sql, connectorId, { dryRun: false })).create).toBe(CHANGES);
    // eight lanes (of this or another instance) hold changes for the target when the first failure comes in
    const claimed = await claimEvents(sql, "lanes", 8);
    expect(claimed).toHaveLength(8);
    const [first, ...others] = claimed;
    expect((await deliverOrHoldBack(sql, "lanes", first!)).ok).toBe(false);
    for (const row of others) expect(await deliverOrHoldBack(sql, "lanes", row)).toMatchObject({ ok: false, heldBack: true });
    expect(await logged()).toBe(1);
    expect(await totals()).toMatchObject({ dead: 0, pending: CHANGES, tries: 1, counted: 0 });
    expect(await sql.get(`SELECT 1 AS "x" FROM "OutboxEvent" WHERE "status" = 'in_flight'`)).toBeUndefined();
  });

  it("holds back nothing for a 400 about one object, which is dead at once as before", async () => {
    refuseCreateOf(fake, "outage-7", { status: 400, scimType: "invalidValue", detail: "title is not allowed here" });
    await syncConnector(sql, connectorId, { dryRun: false });
    const worker = new OutboxWorker(sql, { pollMs: 50, batch: 64, parallel: 8 });
    worker.start();
    try {
      await waitUntil(async () => (await totals()).pending <= 0, 20_000, 50);
    } finally {
      await worker.stop();
    }
    expect(await totals()).toMatchObject({ delivered: CHANGES - 1, dead: 1, pending: 0 });
    expect(await sql.get(`SELECT 1 AS "x" FROM "TargetPause"`)).toBeUndefined();
  }, 30_000);
});

describe("an outage with many queued changes, two instances sharing the database", () => {
  it("delivers every change exactly once when the target returns, none dead, one counted attempt each", async () => {
    await fake.stop();
    expect((await syncConnector(sql, connectorId, { dryRun: false })).create).toBe(CHANGES);
    const workers = [0, 1].map(() => new OutboxWorker(sql, { pollMs: 50, batch: 64, parallel: 4, leaseMs: 5_000 }));
    for (const w of workers) w.start();
    try {
      // 12 s down with 4 attempts allowed: without the pause most changes would be dead long before
      await sleep(12_000);
      const during = await totals();
      expect(during).toMatchObject({ dead: 0, delivered: 0, pending: CHANGES, counted: 0 });
      const probesWhileDown = await failedTries();
      await fake.start();
      await waitUntil(async () => (await totals()).delivered >= CHANGES, 30_000, 100);
      const after = await totals();
      const failed = await failedTries();
      expect(after).toMatchObject({ delivered: CHANGES, dead: 0, pending: 0 });
      // exactly once: one create per change reached the target, none twice, nothing linked after a 409
      const creates = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/Users"));
      expect(creates).toHaveLength(CHANGES);
      expect(new Set(creates.map((r) => r.json.userName)).size).toBe(CHANGES);
      expect(fake.users.size).toBe(CHANGES);
      // every try is logged; the only tries beyond one per change are the failures while the target was down
      expect(Number(after.tries)).toBe(CHANGES + failed);
      expect(await logged()).toBe(CHANGES + failed);
      expect(Number(after.counted)).toBe(CHANGES);
      // ...and they are few: the sends already under way when it went down (at most one per lane), then one
      // probe per pause (250 ms doubling to 2 s over 12 s: about 10)
      expect(probesWhileDown).toBeLessThanOrEqual(8 + 14);
      expect(failed - probesWhileDown).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  }, 60_000);
});
