import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../support/eventually";
import { ConsoleClient } from "../../support/console-client";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, withSql } from "../../support/outbound-setup";
import { type Json } from "../../support/scim-client";
import { startFakeScimServer, type FakeScimServer } from "../../../test/support/fake-scim-server";
import { DIALECTS, databaseFor } from "../databases";

const THRESHOLD = 3;
const STAFF = 8;

describe.each(DIALECTS)("the deletion guard of a connection (%s)", (dialect) => {
  let a: ProvisioInstance;
  let target: FakeScimServer;
  let admin: ConsoleClient;
  let connectionId: string;
  let roleId: string;
  let staff: Json[] = [];

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> {
    const res = await admin.fetch(`/api/server/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const held = async () => (await call("GET", `/identity-providers/${connectionId}/provisioning/held-deletes`)).body;
  const logged = async (status: string) => (await call("GET", `/provisioning/attempts?status=${status}&connectionId=${connectionId}&count=100`)).body.totalResults as number;
  const atTarget = (userName: string) => [...target.users.values()].some((u) => u.userName === userName);
  const audited = (action: string) =>
    withSql(a, async (sql) => Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "action" = ? AND "targetId" = ?`, [action, connectionId]))!.n));

  beforeAll(async () => {
    a = await startProvisio({ databaseUrl: await databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    admin = new ConsoleClient(a.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    roleId = (await call("POST", "/roles", { name: "Contractors" })).body.id;
    connectionId = (await provisionTo(a, { baseUrl: target.origin }, { name: "Partner directory", roleIds: [roleId] })).connectionId;
    // written behind the server's back (as another instance would): it picks the provisioner up within its cache period
    await pastSettingsCache();
    staff = [];
    for (let i = 0; i < STAFF; i++) staff.push((await call("POST", "/users", { domain: "PRIMARY", userName: `contractor.${i}` })).body);
    expect((await call("POST", `/roles/${roleId}/users`, { userIds: staff.map((u) => u.id) })).status).toBe(200);
    await eventually(async () => (target.users.size === STAFF ? true : undefined), "the contractors at the target");
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await target?.close();
  });

  it("takes its settings through the admin API, refusing bad ones field by field", async () => {
    const bad = await call("PUT", `/identity-providers/${connectionId}/provisioning/outbound-policy`, { deletionGuard: { enabled: true, threshold: 150, thresholdType: "percentage" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/percentage threshold must be at most 100/);
    const zero = await call("PUT", `/identity-providers/${connectionId}/provisioning/outbound-policy`, { maxConcurrentRequests: 0 });
    expect(zero.status).toBe(400);
    const saved = await call("PUT", `/identity-providers/${connectionId}/provisioning/outbound-policy`, {
      maxConcurrentRequests: 4,
      deletionGuard: { enabled: true, threshold: THRESHOLD, thresholdType: "count", windowMinutes: 10 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      maxConcurrentRequests: 4,
      maxRequestsPerSecond: null,
      deletionGuard: { enabled: true, threshold: THRESHOLD, thresholdType: "count", windowMinutes: 10 },
      deprovision: "delete",
    });
    expect((await call("GET", `/identity-providers/${connectionId}/provisioning/outbound-policy`)).body).toEqual(saved.body);
    expect((await call("GET", `/identity-providers/no-such-connection/provisioning/outbound-policy`)).status).toBe(404);
  });

  it("trips on a role change removing more than the threshold: holds every delete, lets creates through, and approval sends them", async () => {
    expect((await call("DELETE", `/roles/${roleId}/users`, { userIds: staff.map((u) => u.id) })).status).toBe(200);
    const list = await held();
    expect(list.totalResults).toBe(STAFF);
    expect(list.guard).toMatchObject({ enabled: true, threshold: THRESHOLD });
    expect(list.items.map((i: Json) => i.entityName).sort()).toEqual(staff.map((u) => u.userName).sort());
    expect(list.items[0]).toMatchObject({ operation: "delete", reason: "provisioning role revoked" });
    expect((await call("GET", "/provisioning/held-deletes")).body).toEqual([{ connectionId, connectionName: "Partner directory", held: STAFF }]);

    // a create still flows while the deletes wait
    const newcomer = (await call("POST", "/users", { domain: "PRIMARY", userName: "contractor.new" })).body;
    await call("POST", `/roles/${roleId}/users`, { userIds: [newcomer.id] });
    await eventually(async () => (atTarget("contractor.new") ? true : undefined), "the newcomer at the target");
    expect(staff.every((u) => atTarget(u.userName))).toBe(true);
    expect(await logged("held")).toBe(STAFF);
    expect(await audited("provisioning.deletes-held")).toBe(1);

    const approved = await call("POST", `/identity-providers/${connectionId}/provisioning/held-deletes/approve`, {});
    expect(approved).toEqual({ status: 200, body: { count: STAFF } });
    await eventually(async () => (staff.every((u) => !atTarget(u.userName)) ? true : undefined), "the approved deletes at the target");
    expect(atTarget("contractor.new")).toBe(true);
    expect((await held()).totalResults).toBe(0);
    expect(await logged("approved")).toBe(STAFF);
    expect(await audited("provisioning.deletes-approved")).toBe(1);
    staff.push(newcomer);
  });

  it("discards: the held deletes are dropped unsent and the users stay at the target", async () => {
    // the five are provisioned again, then lose the role again: past the threshold of three
    const again = staff.slice(-5);
    await call("POST", `/roles/${roleId}/users`, { userIds: again.map((u) => u.id) });
    await eventually(async () => (again.every((u) => atTarget(u.userName)) ? true : undefined), "the five back at the target");
    await call("DELETE", `/roles/${roleId}/users`, { userIds: again.map((u) => u.id) });
    const list = await held();
    expect(list.totalResults).toBe(5);

    // a decision on an event that is not held here is refused, and changes nothing
    const wrong = await call("POST", `/identity-providers/${connectionId}/provisioning/held-deletes/discard`, { seqs: [list.items[0].seq, 987654] });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/Not held for this connection: 987654/);
    expect((await held()).totalResults).toBe(5);

    const discarded = await call("POST", `/identity-providers/${connectionId}/provisioning/held-deletes/discard`, { seqs: list.items.map((i: Json) => i.seq) });
    expect(discarded).toEqual({ status: 200, body: { count: 5 } });
    expect((await held()).totalResults).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(again.every((u) => atTarget(u.userName))).toBe(true);
    expect(await logged("discarded")).toBe(5);
    expect(await audited("provisioning.deletes-discarded")).toBe(1);
    expect((await call("GET", "/provisioning/held-deletes")).body).toEqual([]);
  });
});
