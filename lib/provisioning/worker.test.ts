import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { createUser } from "../identity/users/create-user";
import { startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server";
import { databaseAndTarget, sleep, waitUntil } from "../../test/support/outbox-fixtures";
import { syncConnector } from "./sync";
import { claimEvents } from "./outbox/events";
import { OutboxWorker } from "./worker";
import { FAKE_BASIC, scim2Connection, testActor as actor } from "../../test/support/test-connectors";
import { saveOutboundPolicy } from "./connection-policy";

let sql: Sql;
let close: () => Promise<void>;
let fake: FakeScimServer;
let connectorId: string;

beforeAll(async () => {
  ({ sql, fake, close } = await databaseAndTarget());
  ({ connectorId } = await scim2Connection(sql, "Slow partner", fake, { timeoutMs: 5_000 }));
  await createUser(sql, { userName: "slow-sam" }, { actor });
});
afterAll(() => close());

describe("OutboxWorker leases", () => {
  it("renews the lease of events whose delivery outlasts it, so no other worker claims and sends them again", async () => {
    // every create takes four leases' time to answer
    fake.intercept((req, res) => {
      if (req.method !== "POST") return false;
      setTimeout(() => {
        res.writeHead(201, { "content-type": "application/scim+json" });
        res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: `remote-${req.json.userName}`, userName: req.json.userName }));
      }, 600);
      return true;
    }, false);
    const queued = await syncConnector(sql, connectorId, { dryRun: false });
    expect(queued.create).toBe(2); // the seeded admin and slow-sam

    const worker = new OutboxWorker(sql, { pollMs: 50, batch: 10, parallel: 1, leaseMs: 150 });
    worker.start();
    try {
      // the first create is on its way and the second waits its turn: both leases have run out twice by now
      await sleep(400);
      expect(await claimEvents(sql, "another-instance", 10, undefined, 150)).toEqual([]);
      const deadline = Date.now() + 10_000;
      let delivered = 0;
      while (delivered < 2 && Date.now() < deadline) {
        await sleep(50);
        delivered = Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" = 'delivered'`))!.n);
      }
      expect(delivered).toBe(2);
      expect(fake.requests.filter((r) => r.method === "POST").length).toBe(2);
      // the lease holder is gone once the work is done: nothing stays in flight
      expect(await sql.get(`SELECT 1 AS "x" FROM "OutboxEvent" WHERE "status" = 'in_flight'`)).toBeUndefined();
    } finally {
      await worker.stop();
    }
  });
});

describe("OutboxWorker lanes", () => {
  it("keeps delivering to other targets while one target is slow, including changes queued meanwhile", async () => {
    const quick = await startFakeScimServer({ version: "2.0", basic: FAKE_BASIC });
    try {
      const { connectorId: quickConnector } = await scim2Connection(sql, "Quick partner", quick);
      await sql.run(`DELETE FROM "OutboxEvent"`);
      await sql.run(`DELETE FROM "RemoteMapping"`);
      // the slow partner (every create answered after 600 ms) gets the first events: two lanes are busy with it
      expect((await syncConnector(sql, connectorId, { dryRun: false })).create).toBe(2);
      const worker = new OutboxWorker(sql, { pollMs: 60_000, batch: 10, parallel: 3 });
      const started = Date.now();
      worker.start();
      try {
        await sleep(100);
        expect((await syncConnector(sql, quickConnector, { dryRun: false })).create).toBe(2);
        worker.wake();
        await waitUntil(() => quick.users.size >= 2, 5_000, 10);
        expect(quick.users.size).toBe(2);
        // both reached the quick partner while the slow one had not answered yet
        expect(Date.now() - started).toBeLessThan(550);
      } finally {
        await worker.stop();
      }
    } finally {
      await quick.close();
    }
  });
});

describe("OutboxWorker request limits", () => {
  it("spaces a throttled target's requests to its rate while another target's changes pass them", async () => {
    const throttled = await startFakeScimServer({ version: "2.0", basic: FAKE_BASIC });
    const free = await startFakeScimServer({ version: "2.0", basic: FAKE_BASIC });
    try {
      for (let i = 0; i < 10; i++) await createUser(sql, { userName: `limited-${i}` }, { actor });
      const slow = await scim2Connection(sql, "Throttled partner", throttled);
      const quick = await scim2Connection(sql, "Unthrottled partner", free);
      await saveOutboundPolicy(sql, slow.connectionId, { maxRequestsPerSecond: 10, maxConcurrentRequests: 1 }, actor);
      const sentAt: number[] = [];
      throttled.intercept(() => {
        sentAt.push(Date.now());
        return false;
      }, false);
      await sql.run(`DELETE FROM "OutboxEvent"`);
      await sql.run(`DELETE FROM "RemoteMapping"`);
      // the throttled target's events are the oldest: a worker without limits would send them first
      const users = (await syncConnector(sql, slow.connectorId, { dryRun: false })).create;
      expect(users).toBeGreaterThanOrEqual(12);
      expect((await syncConnector(sql, quick.connectorId, { dryRun: false })).create).toBe(users);
      const worker = new OutboxWorker(sql, { pollMs: 50, batch: 8, parallel: 4 });
      const started = Date.now();
      worker.start();
      try {
        await waitUntil(() => free.users.size >= users, 10_000, 10);
        const quickDone = Date.now() - started;
        await waitUntil(() => throttled.users.size >= users, 20_000, 20);
        // nothing lost, nothing sent twice
        expect(throttled.users.size).toBe(users);
        expect(sentAt).toHaveLength(users);
        // 10 a second: after the first two (one interval of tolerance), each a tenth of a second after the one before
        const span = sentAt[sentAt.length - 1]! - sentAt[0]!;
        expect(span).toBeGreaterThanOrEqual((users - 2) * 100 - 20);
        // the unthrottled target was done long before: its changes passed the throttled ones in the queue
        expect(quickDone).toBeLessThan(span);
      } finally {
        await worker.stop();
      }
    } finally {
      await throttled.close();
      await free.close();
    }
  });
});

describe("OutboxWorker concurrency limit", () => {
  it("never has more requests open at a target than its connection allows, however many lanes are free", async () => {
    const target = await startFakeScimServer({ version: "2.0", basic: FAKE_BASIC });
    try {
      const { connectionId, connectorId: id } = await scim2Connection(sql, "Two at a time", target);
      await saveOutboundPolicy(sql, connectionId, { maxConcurrentRequests: 2 }, actor);
      let open = 0;
      let mostOpen = 0;
      let answered = 0;
      target.intercept((req, res) => {
        if (req.method !== "POST") return false;
        mostOpen = Math.max(mostOpen, ++open);
        setTimeout(() => {
          open--;
          answered++;
          res.writeHead(201, { "content-type": "application/scim+json" });
          res.end(JSON.stringify({ id: `remote-${req.json.userName}`, userName: req.json.userName }));
        }, 60);
        return true;
      }, false);
      await sql.run(`DELETE FROM "OutboxEvent"`);
      const users = (await syncConnector(sql, id, { dryRun: false })).create;
      expect(users).toBeGreaterThanOrEqual(6);
      const worker = new OutboxWorker(sql, { pollMs: 50, batch: 16, parallel: 6 });
      worker.start();
      try {
        await waitUntil(() => answered >= users, 10_000, 10);
        expect(answered).toBe(users);
        expect(mostOpen).toBe(2);
      } finally {
        await worker.stop();
      }
    } finally {
      await target.close();
    }
  });
});
