import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUsersAt, scimAsAdmin as scim } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { restartProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { startPair, withSql } from "../../support/outbound-setup";

const CHANGES = 50;
const DOWN_MS = 15_000;

describe("a target that is down for a while (two production servers)", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    // 4 attempts and a pause of 200 ms doubling to 1 s: the 50 creates, 4 attempts, went 10 dead in 40 s
    [a, b] = await startPair({ fastRetries: 4, provision: true });
  });
  afterAll(() => stopAndRemove(a, b));

  it("holds its queued changes back untried and delivers each once when it returns, none dead", async () => {
    await b.stop();
    const Operations = Array.from({ length: CHANGES }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { schemas: [], userName: `outage.${i}` } }));
    expect((await scim(a.baseUrl, "POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations })).status).toBe(200);
    await new Promise((r) => setTimeout(r, DOWN_MS));
    await withSql(a, async (sql) => {
      const outbox = () =>
        sql.get<{ delivered: number; dead: number; tries: number; counted: number }>(
          `SELECT SUM(CASE WHEN "status" = 'delivered' THEN 1 ELSE 0 END) AS "delivered", SUM(CASE WHEN "status" = 'dead' THEN 1 ELSE 0 END) AS "dead",
                  SUM("attempts") AS "tries", SUM("attempts" - "outageTries") AS "counted" FROM "OutboxEvent"`,
        );
      const failed = async () => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "status" <> 'success'`))!.n);
      expect(await outbox()).toMatchObject({ delivered: 0, dead: 0, counted: 0 });
      // one probe per pause (200 ms doubling to 1 s: about 16 in 15 s), not a try of every change
      const whileDown = await failed();
      expect(whileDown).toBeGreaterThan(0);
      expect(whileDown).toBeLessThanOrEqual(8 + 20);

      b = await restartProvisio(b);
      await eventually(async () => (Number((await outbox())?.delivered) === CHANGES ? true : undefined), "every change delivered", 60_000, 200);
      const after = (await outbox())!;
      expect(Number(after.dead)).toBe(0);
      // exactly once at B: one user per change, and A stored one distinct remote id for each
      const atB = await countUsersAt(b, 'userName sw "outage."');
      expect(atB).toBe(CHANGES);
      const mapped = await sql.get<{ n: number; d: number }>(`SELECT COUNT(*) AS "n", COUNT(DISTINCT "remoteId") AS "d" FROM "RemoteMapping"`);
      expect([Number(mapped?.n), Number(mapped?.d)]).toEqual([CHANGES, CHANGES]);
      // tries: one per change, plus the failed probes; only the successes counted toward dead-lettering
      const probes = await failed();
      expect(Number(after.tries)).toBe(CHANGES + probes);
      expect(Number(after.counted)).toBe(CHANGES);
    });
  }, 120_000);
});
