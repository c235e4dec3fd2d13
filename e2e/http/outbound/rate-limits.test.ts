import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimAsAdmin as scim } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { fastRetries, pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, withSql } from "../../support/outbound-setup";
import { startThrottlingTarget, type ThrottlingTarget } from "../../support/throttling-target";
import { startFakeScimServer, type FakeScimServer } from "../../../test/support/fake-scim-server";
import { fetchAdminApi } from "../../support/admin-api-contract";
import { DIALECTS, databaseFor } from "../databases";

const USERS = 100;
const PER_SECOND = 10;
// the worker's delivery lanes: each may have one request on its way when the target first says 429
const LANES = 8;
const RETRY_AFTER_S = 1;

describe.each(DIALECTS)("a target that answers 429 with Retry-After under load (%s)", (dialect) => {
  let a: ProvisioInstance;
  let throttled: ThrottlingTarget;
  let other: FakeScimServer;
  let throttledConnector: string;
  let otherConnector: string;

  beforeAll(async () => {
    a = await startProvisio({ databaseUrl: await databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    throttled = await startThrottlingTarget(PER_SECOND, RETRY_AFTER_S);
    other = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    // 3 counted attempts: were a 429 to spend them, most changes would go dead
    await fastRetries(a, 3);
    throttledConnector = (await provisionTo(a, { baseUrl: throttled.fake.origin }, { name: "Rate-limited SaaS" })).connectorId;
    otherConnector = (await provisionTo(a, { baseUrl: other.origin }, { name: "Unlimited directory" })).connectorId;
    // written behind the server's back (as another instance would): it picks the provisioners up within its cache period
    await pastSettingsCache();
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await throttled?.fake.close();
    await other?.close();
  });

  it("is held for as long as it asks, loses nothing, spends no attempts, and does not hold back another connection", async () => {
    const started = Date.now();
    const Operations = Array.from({ length: USERS }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { schemas: [], userName: `throttled.${i}` } }));
    expect((await scim(a.baseUrl, "POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations })).status).toBe(200);

    await eventually(async () => (other.users.size >= USERS ? true : undefined), "every user at the unlimited directory", 60_000, 50);
    const otherDone = Date.now() - started;
    await eventually(async () => (throttled.fake.users.size >= USERS ? true : undefined), "every user at the rate-limited target", 90_000, 100);
    const throttledDone = Date.now() - started;

    // the target did throttle, and was obeyed: after its first 429, only requests already on their way (one per
    // lane at most) came before its Retry-After had passed
    expect(throttled.refused()).toBeGreaterThan(0);
    const first = throttled.log.find((l) => l.status === 429)!;
    const stragglers = throttled.log.filter((l) => l.at > first.at && l.at < first.at + RETRY_AFTER_S * 1000 - 50);
    expect(stragglers.length).toBeLessThanOrEqual(LANES);
    expect(throttled.log.filter((l) => l.at >= first.at + RETRY_AFTER_S * 1000 - 50).length).toBeGreaterThan(0);
    // nothing lost or sent twice; the other connection was not held back by the throttled one
    expect(throttled.fake.users.size).toBe(USERS);
    expect(other.users.size).toBe(USERS);
    expect(otherDone).toBeLessThan(throttledDone);
    // at 10 a second, 100 users need at least nine seconds
    expect(throttledDone).toBeGreaterThanOrEqual(((USERS - PER_SECOND) / PER_SECOND) * 1000);

    await withSql(a, async (sql) => {
      const outbox = async (connectorId: string) =>
        (await sql.get<{ delivered: number; dead: number; counted: number }>(
          `SELECT SUM(CASE WHEN "status" = 'delivered' THEN 1 ELSE 0 END) AS "delivered", SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END) AS "dead",
                  SUM("attempts" - "outageTries") AS "counted" FROM "OutboxEvent" WHERE "connectorId" = ?`,
          [connectorId],
        ))!;
      // every change delivered, none dead; the 429s were not counted against any change
      expect(await outbox(throttledConnector)).toMatchObject({ delivered: USERS, dead: 0, counted: USERS });
      expect(await outbox(otherConnector)).toMatchObject({ delivered: USERS, dead: 0, counted: USERS });
      const mapped = await sql.get<{ n: number; d: number }>(`SELECT COUNT(*) AS "n", COUNT(DISTINCT "remoteId") AS "d" FROM "RemoteMapping" WHERE "connectorId" = ?`, [throttledConnector]);
      expect([Number(mapped!.n), Number(mapped!.d)]).toEqual([USERS, USERS]);
    });

    // the log says why: the target's 429 and how long it asked to be left alone
    const res = await fetchAdminApi(`${a.baseUrl}/api/server/v1/provisioning/attempts?status=retrying&count=5`, {
      headers: { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` },
    });
    const log = await res.json();
    expect(log.totalResults).toBeGreaterThan(0);
    expect(log.items[0]).toMatchObject({ connectionName: "Rate-limited SaaS", httpStatus: 429 });
    expect(log.items[0].error).toMatch(/asked to wait 1 s \(Retry-After\)/);
  }, 150_000);
});
