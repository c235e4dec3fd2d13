import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleClient } from "../../support/console-client";
import { eventually } from "../../support/eventually";
import { pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, startPair } from "../../support/outbound-setup";
import { stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { scimAsAdmin as scim, userAt, type Json } from "../../support/scim-client";
import { DIALECTS, databaseFor } from "../databases";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const userBody = (userName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
  password: "Secret-Passw0rd!",
});

describe.each(DIALECTS)("a sync's dry run lists its changes object by object, A to B (%s)", (dialect) => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let admin: ConsoleClient;
  let connectionId: string;
  let roleId: string;
  const ids: Record<string, string> = {};

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> {
    const res = await admin.fetch(`/api/server/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const plan = async (query = "") => {
    const res = await call("GET", `/identity-providers/${connectionId}/sync/plan?connectorType=scim2${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const byName = (entries: Json[]) => Object.fromEntries(entries.map((e) => [e.name, e]));
  /** B's users and groups as B serves them, without what changes on every read */
  const stateOfB = async () => {
    const users = (await scim(b.baseUrl, "GET", "/Users?count=200")).body.Resources ?? [];
    const groups = (await scim(b.baseUrl, "GET", "/Groups?count=200")).body.Resources ?? [];
    return JSON.stringify([users, groups]);
  };
  const setConnector = async (enabled: boolean) => expect((await call("PATCH", `/identity-providers/${connectionId}/connectors/scim2`, { enabled })).status).toBe(200);
  // provisioners are cached per server bundle: let every copy see the switch
  const settle = pastSettingsCache;

  beforeAll(async () => {
    [a, b] = await startPair({ databaseUrl: () => databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    admin = new ConsoleClient(a.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    roleId = (await call("POST", "/roles", { name: "Directory B" })).body.id;
    connectionId = (await provisionTo(a, b, { name: "Directory B", roleIds: [roleId] })).connectionId;
    await settle();

    for (const name of ["plan.kept", "plan.changed", "plan.deleted", "plan.leaving", "plan.outsider"]) {
      const created = await scim(a.baseUrl, "POST", "/Users", userBody(name));
      expect(created.status, created.text).toBe(201);
      ids[name] = created.body.id;
    }
    const inScope = ["plan.kept", "plan.changed", "plan.deleted", "plan.leaving"].map((n) => ids[n]);
    expect((await call("POST", `/roles/${roleId}/users`, { userIds: inScope })).status).toBe(200);
    await eventually(async () => ((await Promise.all(["plan.kept", "plan.changed", "plan.deleted", "plan.leaving"].map((n) => userAt(b, n)))).every(Boolean) ? true : undefined), "users at B");
    // created once its members are at B, so that it is created with them
    const team = await scim(a.baseUrl, "POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Plan team",
      members: [{ value: ids["plan.kept"] }, { value: ids["plan.leaving"] }],
    });
    expect(team.status, team.text).toBe(201);
    await eventually(async () => {
      const group = (await scim(b.baseUrl, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "Plan team"')}`)).body.Resources?.[0];
      return group?.members?.length === 2 ? true : undefined;
    }, "the group at B");
    expect(await userAt(b, "plan.outsider")).toBeUndefined();
  });
  afterAll(() => stopAndRemove(a, b));

  it("lists exactly the changes made while the connector was off, with their attribute differences, and leaves B untouched", async () => {
    // before any change, everything at B is as A last sent it
    const clean = await eventually(async () => {
      const p = await plan();
      return p.counts.queued === 0 ? p : undefined;
    }, "every delivery recorded");
    expect(clean.counts).toMatchObject({ create: 0, update: 1, delete: 0, deactivate: 0, unchanged: 4, queued: 0 });
    expect(byName(clean.entries)["Plan team"]).toMatchObject({ kind: "group", action: "update" });

    await setConnector(false);
    await settle();
    const patched = await scim(a.baseUrl, "PATCH", `/Users/${ids["plan.changed"]}`, {
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: "name.givenName", value: "Augusta" },
        { op: "add", path: "title", value: "Countess" },
        { op: "replace", path: "password", value: "An0ther-Passw0rd!" },
      ],
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await scim(a.baseUrl, "DELETE", `/Users/${ids["plan.deleted"]}`)).status).toBe(204);
    expect((await call("DELETE", `/roles/${roleId}/users`, { userIds: [ids["plan.leaving"]] })).status).toBe(200);
    const fresh = await scim(a.baseUrl, "POST", "/Users", userBody("plan.fresh"));
    ids["plan.fresh"] = fresh.body.id;
    expect((await call("POST", `/roles/${roleId}/users`, { userIds: [ids["plan.fresh"]] })).status).toBe(200);
    const before = await stateOfB();

    const dry = await plan();
    expect(dry.counts).toEqual({ create: 1, update: 2, delete: 2, deactivate: 0, unchanged: 1, queued: 0 });
    expect(dry.nextCursor).toBeUndefined();
    const entries = byName(dry.entries);
    expect(Object.keys(entries).sort()).toEqual(["Plan team", "plan.changed", "plan.deleted", "plan.fresh", "plan.kept", "plan.leaving"]);
    expect(entries["plan.kept"]).toMatchObject({ kind: "user", action: "unchanged" });
    expect(entries["plan.changed"]).toMatchObject({ action: "update", lastSentKnown: true });
    expect(entries["plan.changed"].differences).toEqual([
      { path: "name.givenName", before: "Ada", after: "Augusta" },
      { path: "title", after: "Countess" },
    ]);
    expect(entries["plan.deleted"]).toMatchObject({ action: "delete", reason: "no longer exists" });
    expect(entries["plan.leaving"]).toMatchObject({ action: "delete", reason: "left the connection's scope" });
    expect(entries["plan.fresh"]).toMatchObject({ action: "create" });
    expect(entries["plan.fresh"].differences).toEqual(expect.arrayContaining([{ path: "userName", after: "plan.fresh" }]));
    expect(entries["Plan team"]).toMatchObject({ action: "update", membersAdded: { count: 1, first: ["plan.kept"] }, membersRemoved: { count: 1, first: ["plan.leaving"] } });
    expect(JSON.stringify(dry)).not.toMatch(/Passw0rd/);

    // filters and pages: only updates, one at a time, the counts on the first page only
    const first = await plan("&action=update&count=1");
    expect(first.entries.map((e: Json) => e.name)).toHaveLength(1);
    expect(first.counts).toEqual(dry.counts);
    const second = await plan(`&action=update&count=1&cursor=${encodeURIComponent(first.nextCursor)}`);
    expect(second.counts).toBeUndefined();
    expect([...first.entries, ...second.entries].map((e: Json) => e.name).sort()).toEqual(["Plan team", "plan.changed"]);
    expect((await plan("&kind=group")).entries.map((e: Json) => e.name)).toEqual(["Plan team"]);
    expect((await call("GET", `/identity-providers/${connectionId}/sync/plan?connectorType=scim2&cursor=nonsense`)).status).toBe(400);
    expect((await call("GET", `/identity-providers/${connectionId}/sync/plan?connectorType=scim2&action=explode`)).status).toBe(400);
    expect((await call("GET", `/identity-providers/${connectionId}/sync/plan`)).status).toBe(400);

    // the connection keeps users leaving scope deactivated: the plan says so, with the one difference
    expect((await call("PUT", `/identity-providers/${connectionId}/provisioning/outbound-policy`, { deprovision: "deactivate" })).status).toBe(200);
    const deactivating = byName((await plan()).entries);
    expect(deactivating["plan.leaving"]).toMatchObject({ action: "deactivate", differences: [{ path: "active", before: true, after: false }] });
    expect(deactivating["plan.deleted"]).toMatchObject({ action: "delete" });
    expect(deactivating["Plan team"].membersRemoved).toEqual({ count: 0, first: [] });

    // nothing of it reached B
    expect(await stateOfB()).toBe(before);
  });

  it("then the real sync makes B match the plan, after which nothing is left to change", async () => {
    await setConnector(true);
    const sync = await call("POST", `/identity-providers/${connectionId}/sync`, { connectorType: "scim2" });
    expect(sync.status, JSON.stringify(sync.body)).toBe(200);

    await eventually(async () => ((await userAt(b, "plan.changed"))?.name?.givenName === "Augusta" ? true : undefined), "the update at B");
    await eventually(async () => ((await userAt(b, "plan.deleted")) ? undefined : true), "the delete at B");
    await eventually(async () => ((await userAt(b, "plan.leaving"))?.active === false ? true : undefined), "the deactivation at B");
    await eventually(() => userAt(b, "plan.fresh"), "the create at B");
    expect(await userAt(b, "plan.changed")).toMatchObject({ title: "Countess", active: true });
    expect(await userAt(b, "plan.kept")).toMatchObject({ active: true });
    expect(await userAt(b, "plan.outsider")).toBeUndefined();

    const after = await eventually(async () => {
      const p = await plan();
      return p.counts.unchanged === 4 && p.counts.queued === 0 ? p : undefined;
    }, "every user as B last received it");
    // the deactivated user stays mapped, deactivated as the connection says; the group's membership is re-sent
    expect(after.counts).toEqual({ create: 0, update: 1, delete: 0, deactivate: 0, unchanged: 4, queued: 0 });
    expect(byName(after.entries)["plan.leaving"]).toMatchObject({ action: "unchanged", reason: "deactivated at the target (out of scope)" });
  });
});
