import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ConsoleClient } from "../support/console-client";
import { pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE } from "../support/outbound-setup";
import { closedPort, startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server";
import { type Json } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

describe.each(DIALECTS)("roles through the admin API with the console session on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;
  const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> {
    const res = await admin.fetch(`/api/server/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const newUser = async (userName = unique("user")) => (await call("POST", "/users", { domain: "PRIMARY", userName })).body as Json;
  const newGroup = async (displayName = unique("group")) => (await call("POST", "/groups", { domain: "PRIMARY", displayName })).body as Json;
  const adminRole = async () => ((await call("GET", "/roles?search=admin")).body.items as Json[]).find((r) => r.name === "admin")!;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  it("lists every permission with its description, grouped as WSO2's console groups them", async () => {
    const { status, body } = await call("GET", "/roles/meta/permissions");
    expect(status).toBe(200);
    expect(body.map((g: Json) => g.id)).toEqual(["console", "users", "groups", "roles", "bulk", "applications", "identity-providers", "user-stores", "configuration"]);
    const roles = body.find((g: Json) => g.id === "roles");
    expect(roles).toMatchObject({ label: "Roles", apiResource: "SCIM2 Roles API" });
    expect(roles.permissions.map((p: Json) => p.name)).toEqual(["internal_role_mgt_view", "internal_role_mgt_create", "internal_role_mgt_update", "internal_role_mgt_delete"]);
    for (const p of body.flatMap((g: Json) => g.permissions)) expect(p.description).not.toBe("");
  });

  it("creates, lists, reads, saves and deletes a role", async () => {
    const user = await newUser();
    const group = await newGroup();
    const name = unique("Auditors");
    const created = await admin.fetch("/api/server/v1/roles", {
      method: "POST",
      json: { name: ` ${name} `, description: "Read-only access", permissions: ["console_login", "internal_user_mgt_view"], userIds: [user.id], groupIds: [group.id] },
    });
    expect(created.status).toBe(201);
    const role = await created.json();
    expect(created.headers.get("location")).toBe(`/api/server/v1/roles/${role.id}`);
    expect(role).toMatchObject({
      name,
      description: "Read-only access",
      audience: "organization",
      permissions: ["console_login", "internal_user_mgt_view"],
      users: [{ id: user.id, display: user.userName }],
      groups: [{ id: group.id, display: group.displayName }],
      connections: [],
      version: 1,
      outboundFailures: [],
      outboundResults: [],
    });

    const listed = (await call("GET", `/roles?search=${encodeURIComponent(name.toUpperCase())}`)).body;
    expect(listed).toMatchObject({ totalResults: 1, startIndex: 1 });
    expect(listed.items[0]).toMatchObject({ id: role.id, name, permissionCount: 2, userCount: 1, groupCount: 1 });

    expect((await call("GET", `/roles/${role.id}`)).body).toMatchObject({ id: role.id, name, users: [{ id: user.id }], groups: [{ id: group.id }] });

    // the General and Permissions tabs send no assignments: they stay
    const renamed = unique("Reviewers");
    const saved = await call("PUT", `/roles/${role.id}`, { name: renamed, description: "Reviews accounts", permissions: ["internal_user_mgt_list"], version: role.version });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: renamed, description: "Reviews accounts", permissions: ["internal_user_mgt_list"], users: [{ id: user.id }], groups: [{ id: group.id }], version: 2 });
    const same = await call("PUT", `/roles/${role.id}`, { name: renamed, description: "Reviews accounts", permissions: ["internal_user_mgt_list"] });
    expect(same.body.version).toBe(2);

    const stale = await call("PUT", `/roles/${role.id}`, { name: renamed, permissions: [], version: 1 });
    expect(stale.status).toBe(412);
    expect((await call("GET", `/roles/${role.id}`)).body.permissions).toEqual(["internal_user_mgt_list"]);

    // assignments given on a replace replace the role's
    const cleared = await call("PUT", `/roles/${role.id}`, { name: renamed, permissions: [], userIds: [], groupIds: [] });
    expect(cleared.body).toMatchObject({ users: [], groups: [], permissions: [], description: "" });

    expect((await call("DELETE", `/roles/${role.id}`)).status).toBe(204);
    expect((await call("GET", `/roles/${role.id}`)).status).toBe(404);
    expect((await call("DELETE", `/roles/${role.id}`)).status).toBe(404);
    expect((await call("GET", `/roles?search=${encodeURIComponent(renamed)}`)).body).toMatchObject({ totalResults: 0, items: [] });
  });

  it("pages through roles by name and takes the search term literally", async () => {
    const prefix = unique("page");
    for (const n of ["c", "A", "b"]) expect((await call("POST", "/roles", { name: `${prefix}_${n}` })).status).toBe(201);
    const first = (await call("GET", `/roles?search=${prefix}&count=2`)).body;
    expect(first).toMatchObject({ totalResults: 3, startIndex: 1 });
    expect(first.items.map((r: Json) => r.name)).toEqual([`${prefix}_A`, `${prefix}_b`]);
    const second = (await call("GET", `/roles?search=${prefix}&count=2&startIndex=3`)).body;
    expect(second.items.map((r: Json) => r.name)).toEqual([`${prefix}_c`]);
    // "_" and "%" are not wildcards
    expect((await call("GET", `/roles?search=${prefix.replace("-", "_")}`)).body.totalResults).toBe(0);
    expect((await call("GET", `/roles?search=%25`)).body.totalResults).toBe(0);
  });

  it("answers bad input with field errors and creates nothing", async () => {
    const name = unique("dup");
    expect((await call("POST", "/roles", { name })).status).toBe(201);
    const dup = await call("POST", "/roles", { name: name.toUpperCase() });
    expect(dup.status).toBe(409);
    expect(dup.body.fieldErrors).toEqual({ name: expect.stringMatching(/already exists/) });

    const invalid = await call("POST", "/roles", { name: " ", permissions: ["internal_user_mgt_view", "root_access"] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fieldErrors).toEqual({ name: "Role name is required", "permissions.1": "Unknown permission" });

    const ghost = unique("ghost");
    const missingUser = await call("POST", "/roles", { name: ghost, userIds: ["no-such-user"] });
    expect(missingUser.status).toBe(400);
    expect(Object.keys(missingUser.body.fieldErrors)).toEqual(["userIds"]);
    const missingGroup = await call("POST", "/roles", { name: ghost, groupIds: ["no-such-group"] });
    expect(missingGroup.status).toBe(400);
    expect(Object.keys(missingGroup.body.fieldErrors)).toEqual(["groupIds"]);
    expect((await call("GET", `/roles?search=${ghost}`)).body.totalResults).toBe(0);

    const other = (await call("POST", "/roles", { name: unique("other") })).body;
    const clash = await call("PUT", `/roles/${other.id}`, { name });
    expect(clash.status).toBe(409);
    expect(clash.body.fieldErrors.name).toMatch(/already exists/);
    expect((await call("PUT", "/roles/no-such-role", { name: unique("x") })).status).toBe(404);
  });

  it("assigns users and groups one change at a time and shows them on the user's and the group's pages", async () => {
    const role = (await call("POST", "/roles", { name: unique("support"), permissions: ["internal_user_mgt_view"] })).body;
    const [alice, bob] = [await newUser(), await newUser()];
    const team = await newGroup();
    await call("POST", `/groups/${team.id}/members`, { userIds: [bob.id, alice.id] });

    expect((await call("POST", `/roles/${role.id}/users`, { userIds: [alice.id] })).body).toEqual({ added: 1, outboundFailures: [], outboundResults: [] });
    expect((await call("POST", `/roles/${role.id}/users`, { userIds: [alice.id] })).body).toEqual({ added: 0, outboundFailures: [], outboundResults: [] });
    expect((await call("POST", `/roles/${role.id}/groups`, { groupIds: [team.id] })).body).toEqual({ added: 1, outboundFailures: [], outboundResults: [] });
    const missing = await call("POST", `/roles/${role.id}/users`, { userIds: ["no-such-user"] });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.fieldErrors)).toEqual(["userIds"]);
    expect((await call("POST", `/roles/${role.id}/users`, { userIds: [] })).status).toBe(400);
    expect((await call("POST", `/roles/no-such-role/users`, { userIds: [alice.id] })).status).toBe(404);

    const read = (await call("GET", `/roles/${role.id}`)).body;
    expect(read.users.map((u: Json) => u.id)).toEqual([alice.id]);
    expect(read.groups.map((g: Json) => g.id)).toEqual([team.id]);
    expect(read.version).toBe(3);

    const alicesRoles = (await call("GET", `/users/${alice.id}/roles`)).body;
    expect(alicesRoles).toEqual([{ id: role.id, name: role.name, direct: true, groups: [{ id: team.id, display: team.displayName }] }]);
    expect((await call("GET", `/users/${bob.id}/roles`)).body).toEqual([{ id: role.id, name: role.name, direct: false, groups: [{ id: team.id, display: team.displayName }] }]);
    expect((await call("GET", `/groups/${team.id}/roles`)).body).toEqual([{ id: role.id, name: role.name }]);
    expect((await call("GET", "/users/no-such-user/roles")).status).toBe(404);
    expect((await call("GET", "/groups/no-such-group/roles")).status).toBe(404);

    expect((await call("DELETE", `/roles/${role.id}/users`, { userIds: [alice.id, bob.id] })).body).toEqual({ removed: 1, outboundFailures: [], outboundResults: [] });
    expect((await call("DELETE", `/roles/${role.id}/groups`, { groupIds: [team.id] })).body).toEqual({ removed: 1, outboundFailures: [], outboundResults: [] });
    expect((await call("GET", `/users/${alice.id}/roles`)).body).toEqual([]);
    expect((await call("GET", `/groups/${team.id}/roles`)).body).toEqual([]);
  });

  it("keeps the admin role's name and at least one holder, and refuses its deletion", async () => {
    const role = await adminRole();
    const rename = await call("PUT", `/roles/${role.id}`, { name: "superuser", permissions: [] });
    expect(rename.status).toBe(403);
    expect(rename.body.fieldErrors).toEqual({ name: "The admin role cannot be renamed" });
    const full = (await call("GET", `/roles/${role.id}`)).body;
    expect(full.name).toBe("admin");
    expect(full.permissions.length).toBeGreaterThan(10);

    const lastHolder = await call("DELETE", `/roles/${role.id}/users`, { userIds: full.users.map((u: Json) => u.id) });
    expect(lastHolder.status).toBe(403);
    expect(lastHolder.body.message).toMatch(/no active user with the admin role/);
    expect((await call("GET", `/roles/${role.id}`)).body.users).toEqual(full.users);

    const remove = await call("DELETE", `/roles/${role.id}`);
    expect(remove.status).toBe(400);
    expect(remove.body.message).toMatch(/cannot be deleted/);
  });

  describe("with outbound provisioning limited to a role", () => {
    let target: FakeScimServer;
    beforeAll(async () => {
      target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    });
    afterAll(async () => target?.close());

    it("lists the connections using the role, provisions users gaining it and says which blocking provisioner failed", async () => {
      const role = (await call("POST", "/roles", { name: unique("provisioned") })).body;
      const other = (await call("POST", "/roles", { name: unique("other") })).body;
      const failing = (await call("POST", "/roles", { name: unique("failing") })).body;
      const reachable = await provisionTo(server, { baseUrl: target.origin }, { blocking: true, roleIds: [role.id, other.id], name: unique("Target") });
      const unreachable = await provisionTo(server, { baseUrl: `http://127.0.0.1:${await closedPort()}` }, { blocking: true, roleIds: [failing.id], name: unique("Down") });
      // the configuration was written behind the server's back (as another instance would): it picks it up within its cache period
      await pastSettingsCache();

      const read = (await call("GET", `/roles/${role.id}`)).body;
      expect(read.connections).toEqual([
        {
          id: reachable.connectionId,
          name: expect.stringMatching(/^Target-/),
          enabled: true,
          provisioningRoles: expect.arrayContaining([
            { id: role.id, name: role.name },
            { id: other.id, name: other.name },
          ]),
        },
      ]);
      expect((await call("GET", `/roles/${failing.id}`)).body.connections.map((c: Json) => c.id)).toEqual([unreachable.connectionId]);

      const userNames = () => [...target.users.values()].map((u) => u.userName);
      const user = await newUser(unique("provisioned.user"));
      expect(userNames()).not.toContain(user.userName);
      const provisioned = (await call("POST", `/roles/${role.id}/users`, { userIds: [user.id] })).body;
      expect(provisioned).toMatchObject({ added: 1, outboundFailures: [] });
      expect(provisioned.outboundResults).toEqual([
        {
          connectionId: reachable.connectionId,
          connectionName: expect.stringMatching(/^Target-/),
          connectorType: "scim2",
          outcome: "delivered",
          retryAt: null,
          error: null,
          attemptId: expect.any(String),
        },
      ]);
      // a blocking provisioner has delivered before the answer
      expect(userNames()).toContain(user.userName);

      const second = await newUser(unique("second.user"));
      const added = (await call("POST", `/roles/${failing.id}/users`, { userIds: [second.id] })).body;
      expect(added.added).toBe(1);
      expect(added.outboundFailures).toHaveLength(1);
      // named after its connection, unless the outbound worker took the change before the request's own delivery did
      expect(added.outboundFailures[0]).toMatch(/^(Down-\w+: )?create user failed: connection refused/);
      // what happened, said precisely: the target is paused, the change tried again when the pause ends
      expect(added.outboundResults).toEqual([
        {
          connectionId: unreachable.connectionId,
          connectionName: expect.stringMatching(/^Down-/),
          connectorType: "scim2",
          outcome: "retrying",
          retryAt: expect.any(String),
          error: expect.stringMatching(/connection refused/),
          attemptId: expect.any(String),
        },
      ]);
      expect(new Date(added.outboundResults[0].retryAt).getTime()).toBeGreaterThan(Date.now() - 1000);
      // saved all the same, and not provisioned where the role does not lead
      expect((await call("GET", `/users/${second.id}/roles`)).body.map((r: Json) => r.id)).toEqual([failing.id]);
      expect(userNames()).not.toContain(second.userName);

      // losing the role removes the user from the target
      expect((await call("DELETE", `/roles/${role.id}/users`, { userIds: [user.id] })).body).toMatchObject({ removed: 1, outboundFailures: [], outboundResults: [{ outcome: "delivered" }] });
      expect(userNames()).not.toContain(user.userName);
    });
  });
});
