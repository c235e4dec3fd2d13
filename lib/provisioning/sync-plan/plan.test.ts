import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../../db/sql";
import { testDatabase } from "../../../test/support/test-database";
import { endpointsAt, scim2Connection, testActor as actor } from "../../../test/support/test-connectors";
import { createGroup } from "../../identity/groups/create-group";
import { createRole } from "../../identity/roles/roles";
import { createUser } from "../../identity/users/create-user";
import { loadUsers } from "../../identity/users/user-rows";
import { setProvisioningRoles } from "../connections";
import { toScim2User } from "../connectors/scim2/mapping";
import { rememberRemoteId } from "../outbox/remote-mappings";
import { provisionedUser } from "../snapshot";
import { syncPlan } from "./plan";
import type { PlanEntry } from "./entries";

let sql: Sql;
let cleanup: () => Promise<void>;
let connectorId: string;
const ids: string[] = [];

/** Every entry of the plan, page by page. */
async function walk(query: { count: number; action?: PlanEntry["action"]; kind?: PlanEntry["kind"]; counts?: boolean }): Promise<{ entries: PlanEntry[]; pages: number }> {
  const entries: PlanEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await syncPlan(sql, connectorId, { ...query, cursor });
    expect(page.entries.length).toBeLessThanOrEqual(query.count);
    if (pages > 0) expect(page.counts).toBeUndefined();
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { entries, pages };
}

beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
  // nothing listens there: a plan sends nothing
  ({ connectorId } = await scim2Connection(sql, "Plan target", endpointsAt("http://127.0.0.1:9/scim2")));
  for (let i = 0; i < 30; i++) ids.push((await createUser(sql, { userName: `plan${String(i).padStart(2, "0")}`, name: { givenName: "Ada" } }, { actor })).id);
  // the target has the first twenty as they are, but the first five under an older given name
  for (const user of await loadUsers(sql, ids.slice(0, 20))) {
    const sent = toScim2User(provisionedUser(user), { stripLocalDomain: true });
    if (ids.indexOf(user.id) < 5) sent.name = { givenName: "Old" };
    await rememberRemoteId(sql, { connectorId, entityType: "User", entityId: user.id }, `r-${user.id}`, sent);
  }
  await rememberRemoteId(sql, { connectorId, entityType: "User", entityId: "gone-user" }, "r-gone");
  await createGroup(sql, { displayName: "everyone", memberIds: ids }, { actor });
});
afterAll(() => cleanup());

describe("syncPlan", () => {
  it("counts every action and pages through each object exactly once, users first", async () => {
    const first = await syncPlan(sql, connectorId, { count: 7 });
    // ten users never sent, the seeded administrator and the group are creates
    expect(first.counts).toEqual({ create: 10 + 1 + 1, update: 5, delete: 1, deactivate: 0, unchanged: 15, queued: 0 });
    const { entries, pages } = await walk({ count: 7 });
    expect(pages).toBeGreaterThan(4);
    const keys = entries.map((e) => `${e.kind}:${e.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(12 + 5 + 1 + 15);
    expect(entries.findIndex((e) => e.kind === "group")).toBe(entries.length - 1);
    expect(entries.find((e) => e.id === ids[0])).toMatchObject({ action: "update", differences: [{ path: "name.givenName", before: "Old", after: "Ada" }] });
    expect(entries.find((e) => e.id === "gone-user")).toMatchObject({ action: "delete", name: "gone-user", reason: "no longer exists" });
  });

  it("filters by action and kind across pages", async () => {
    const updates = await walk({ count: 2, action: "update" });
    expect(updates.entries.map((e) => e.action)).toEqual(Array(5).fill("update"));
    // without the counts, a filtered page reads only the users that may match
    const deletes = await syncPlan(sql, connectorId, { count: 10, action: "delete", counts: false });
    expect(deletes.counts).toBeUndefined();
    expect(deletes.entries.map((e) => e.id)).toEqual(["gone-user"]);
    for (const action of ["create", "update", "unchanged", "delete"] as const) {
      const filtered = await walk({ count: 4, action, counts: false });
      const unfiltered = (await walk({ count: 50 })).entries.filter((e) => e.action === action);
      expect(filtered.entries).toEqual(unfiltered);
    }
    const groups = await walk({ count: 50, kind: "group" });
    expect(groups.entries).toEqual([expect.objectContaining({ name: "everyone", action: "create", membersAdded: { count: 30, first: expect.any(Array) }, membersRemoved: { count: 0, first: [] } })]);
    // a group may hold 100,000 members: a few names, and the count
    expect(groups.entries[0]!.membersAdded!.first).toHaveLength(5);
  });

  it("turns users who left the scope into removals, as the connection's deprovision setting says", async () => {
    const role = await createRole(sql, { name: "Plan scope", permissions: [], userIds: ids.slice(0, 10), groupIds: [] }, actor);
    const { connectionId } = (await sql.get<{ connectionId: string }>(`SELECT "connectionId" FROM "Connector" WHERE "id" = ?`, [connectorId]))!;
    await setProvisioningRoles(sql, connectionId, [role.id], actor);
    try {
      const page = await syncPlan(sql, connectorId, { count: 200, kind: "user" });
      // ten stay in scope (five of them changed); the ten other mapped users leave it, the gone one is deleted
      expect(page.counts).toMatchObject({ create: 1, update: 5, delete: 11, unchanged: 5 });
      expect(page.entries.filter((e) => e.reason === "left the connection's scope")).toHaveLength(10);
      const group = (await syncPlan(sql, connectorId, { count: 1, kind: "group" })).entries[0]!;
      expect(group).toMatchObject({ membersAdded: { count: 10 }, membersRemoved: { count: 10 } });
    } finally {
      await setProvisioningRoles(sql, connectionId, [], actor);
    }
  });

  it("refuses a cursor it did not give", async () => {
    await expect(syncPlan(sql, connectorId, { count: 5, cursor: "nonsense" })).rejects.toThrow(/cursor/);
  });
});
