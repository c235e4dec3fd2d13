import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { clearOutbox, databaseAndTarget } from "../../test/support/outbox-fixtures";
import { scim2Connection, testActor as actor } from "../../test/support/test-connectors";
import { saveOutboundPolicy } from "./connection-policy";
import { queueUserRemoval } from "./deletion-guard";
import { decideHeldRemovals, heldRemovalsByConnection, listHeldRemovals } from "./held-removals";
import { insertEvent } from "./outbox/events";
import { rememberRemoteId } from "./outbox/remote-mappings";

let sql: Sql;
let close: () => Promise<void>;
let connectionId: string;
let target: { connectorId: string; blocking: boolean };
const origin = () => ({ serviceProviderId: "resident", trigger: "console" });

const statuses = async () =>
  (await sql.all<{ entityId: string; status: string }>(`SELECT "entityId", "status" FROM "OutboxEvent" WHERE "connectorId" = ? ORDER BY "seq"`, [target.connectorId])).map(
    (r) => `${r.entityId}:${r.status}`,
  );
const remove = (userId: string) => queueUserRemoval(sql, target, userId, "delete", { name: `name-${userId}` }, origin());
const logged = async (status: string) => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "status" = ?`, [status]))!.n);
const audited = async (action: string) => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "action" = ?`, [action]))!.n);

beforeAll(async () => {
  let fake;
  ({ sql, fake, close } = await databaseAndTarget());
  const c = await scim2Connection(sql, "Guarded partner", fake);
  connectionId = c.connectionId;
  target = { connectorId: c.connectorId, blocking: false };
});
afterAll(() => close());
beforeEach(async () => {
  await clearOutbox(sql);
  await saveOutboundPolicy(sql, connectionId, { deletionGuard: { enabled: true, threshold: 3, thresholdType: "count", windowMinutes: 10 } }, actor);
});

describe("the deletion guard", () => {
  it("lets removals through up to the threshold, then holds the one past it with the window's unsent ones, and every later one", async () => {
    for (const u of ["u1", "u2", "u3"]) await remove(u);
    expect(await statuses()).toEqual(["u1:pending", "u2:pending", "u3:pending"]);
    await remove("u4");
    expect(await statuses()).toEqual(["u1:held", "u2:held", "u3:held", "u4:held"]);
    // creates and updates keep flowing
    await insertEvent(sql, target, "User", "u9", "create", { name: "u9" }, origin());
    await remove("u5");
    expect(await statuses()).toEqual(["u1:held", "u2:held", "u3:held", "u4:held", "u9:pending", "u5:held"]);
    expect(await logged("held")).toBe(5);
    expect(await audited("provisioning.deletes-held")).toBeGreaterThanOrEqual(1);
    const list = await listHeldRemovals(sql, connectionId);
    expect(list.totalResults).toBe(5);
    expect(list.items.map((i) => [i.entityName, i.operation, i.reason])).toContainEqual(["name-u1", "delete", "deleted"]);
    expect(await heldRemovalsByConnection(sql)).toEqual([{ connectionId, connectionName: "Guarded partner", held: 5 }]);
  });

  it("does not hold removals already on their way: only unclaimed ones", async () => {
    for (const u of ["u1", "u2", "u3"]) await remove(u);
    await sql.run(`UPDATE "OutboxEvent" SET "status" = 'delivered' WHERE "entityId" = 'u1'`);
    await sql.run(`UPDATE "OutboxEvent" SET "status" = 'in_flight' WHERE "entityId" = 'u2'`);
    await remove("u4");
    expect(await statuses()).toEqual(["u1:delivered", "u2:in_flight", "u3:held", "u4:held"]);
  });

  it("counts a percentage of the users provisioned to the connection", async () => {
    await saveOutboundPolicy(sql, connectionId, { deletionGuard: { enabled: true, threshold: 20, thresholdType: "percentage", windowMinutes: 10 } }, actor);
    for (let i = 0; i < 10; i++) await rememberRemoteId(sql, { connectorId: target.connectorId, entityType: "User", entityId: `p${i}` }, `remote-${i}`);
    await remove("p0");
    await remove("p1");
    expect(await statuses()).toEqual(["p0:pending", "p1:pending"]);
    await remove("p2");
    expect(await statuses()).toEqual(["p0:held", "p1:held", "p2:held"]);
  });

  it("approves: the held removals are due again, no longer counted, logged and audited", async () => {
    for (const u of ["u1", "u2", "u3", "u4"]) await remove(u);
    expect(await decideHeldRemovals(sql, connectionId, "approve", undefined, actor)).toBe(4);
    expect(await statuses()).toEqual(["u1:pending", "u2:pending", "u3:pending", "u4:pending"]);
    expect(await logged("approved")).toBe(4);
    expect(await audited("provisioning.deletes-approved")).toBeGreaterThanOrEqual(1);
    // the approved ones count no more: the threshold starts over
    await remove("u5");
    expect((await statuses()).at(-1)).toBe("u5:pending");
  });

  it("discards some: they leave the outbox unsent, logged; the rest stay held", async () => {
    for (const u of ["u1", "u2", "u3", "u4"]) await remove(u);
    const { items } = await listHeldRemovals(sql, connectionId);
    expect(await decideHeldRemovals(sql, connectionId, "discard", [items[0]!.seq, items[1]!.seq], actor)).toBe(2);
    expect(await statuses()).toEqual(["u3:held", "u4:held"]);
    expect(await logged("discarded")).toBe(2);
    // a seq that is not held here is refused, and nothing is decided
    await expect(decideHeldRemovals(sql, connectionId, "approve", [items[0]!.seq, items[2]!.seq], actor)).rejects.toThrow(/Not held for this connection/);
    expect(await statuses()).toEqual(["u3:held", "u4:held"]);
  });

  it("holds nothing when off", async () => {
    await saveOutboundPolicy(sql, connectionId, {}, actor);
    for (const u of ["u1", "u2", "u3", "u4", "u5"]) await remove(u);
    expect((await statuses()).every((s) => s.endsWith(":pending"))).toBe(true);
  });
});
