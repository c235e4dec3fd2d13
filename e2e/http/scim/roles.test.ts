import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { PASSWORD, SCHEMAS, createGroup, createUser, expectScim, expectScimError, patchBody, q, unique, useScimServer } from "./setup";

describe.each(DIALECTS)("SCIM Roles on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  const role = (displayName: string, extra: Record<string, unknown> = {}) => ({ schemas: [SCHEMAS.role], displayName, ...extra });

  it("creates a role with permissions, users and groups, and reads it back", async () => {
    const user = await createUser(ctx.admin, unique("role.user"));
    const group = await createGroup(ctx.admin, unique("role-group"));
    const displayName = unique("auditors ");
    const res = await ctx.admin.scim(
      "POST",
      "/Roles",
      role(displayName, { permissions: [{ value: "internal_user_mgt_list" }, { value: "internal_user_mgt_view", display: "View users" }], users: [{ value: user.id }], groups: [{ value: group.id }] }),
    );
    expectScim(res, 201);
    const location = `${ctx.server.baseUrl}/scim2/Roles/${res.body.id}`;
    expect(res.headers.get("location")).toBe(location);
    expect(res.body).toMatchObject({
      schemas: [SCHEMAS.role],
      displayName,
      audience: { value: "organization", type: "organization" },
      users: [{ value: user.id, display: user.userName, $ref: `${ctx.server.baseUrl}/scim2/Users/${user.id}` }],
      groups: [{ value: group.id, display: group.displayName }],
      meta: { resourceType: "Role", location, version: 'W/"1"' },
    });
    expect(res.body.permissions.map((p: Json) => p.value).sort()).toEqual(["internal_user_mgt_list", "internal_user_mgt_view"]);
    const got = await ctx.admin.scim("GET", `/Roles/${res.body.id}`);
    expectScim(got, 200);
    expect(got.body).toEqual(res.body);
    // WSO2's path serves the same resource
    expect((await ctx.admin.scim("GET", `/v2/Roles/${res.body.id}`)).body).toEqual(res.body);
  });

  it("refuses unknown permissions, members and duplicate names with 400 and 409", async () => {
    expectScimError(await ctx.admin.scim("POST", "/Roles", role(unique("bad-perm"), { permissions: [{ value: "internal_everything" }] })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Roles", role(unique("bad-user"), { users: [{ value: "00000000-0000-4000-8000-000000000000" }] })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Roles", role(unique("bad-group"), { groups: [{ value: "00000000-0000-4000-8000-000000000000" }] })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role] }), 400, "invalidValue");
    const name = unique("dup-role");
    expectScim(await ctx.admin.scim("POST", "/Roles", role(name)), 201);
    expectScimError(await ctx.admin.scim("POST", "/Roles", role(name.toUpperCase())), 409, "uniqueness");
    expectScimError(await ctx.admin.scim("GET", "/Roles/00000000-0000-4000-8000-000000000000"), 404);
  });

  it("adds a user with PATCH, which grants the role's permissions at once, and removes it again", async () => {
    const userName = unique("granted");
    const user = await createUser(ctx.admin, userName, { password: PASSWORD });
    const client = ctx.admin.as({ user: userName, password: PASSWORD });
    expectScimError(await client.scim("GET", "/Users"), 403);

    const created = (await ctx.admin.scim("POST", "/Roles", role(unique("listers"), { permissions: [{ value: "internal_user_mgt_list" }] }))).body;
    const added = await ctx.admin.scim("PATCH", `/Roles/${created.id}`, patchBody({ op: "add", path: "users", value: [{ value: user.id }] }));
    expectScim(added, 200);
    expect(added.body.users).toEqual([expect.objectContaining({ value: user.id, display: userName })]);
    expect(added.body.meta.version).toBe('W/"2"');
    expect(added.headers.get("etag")).toBe('W/"2"');
    expectScim(await client.scim("GET", "/Users"), 200);
    // only what the role grants
    expectScimError(await client.scim("GET", "/Groups"), 403);

    const removed = await ctx.admin.scim("PATCH", `/Roles/${created.id}`, patchBody({ op: "remove", path: `users[value eq "${user.id}"]` }));
    expectScim(removed, 200);
    expect(removed.body.users ?? []).toEqual([]);
    expectScimError(await client.scim("GET", "/Users"), 403);
  });

  it("grants permissions through a group the user belongs to", async () => {
    const userName = unique("via.group");
    const user = await createUser(ctx.admin, userName, { password: PASSWORD });
    const client = ctx.admin.as({ user: userName, password: PASSWORD });
    const group = await createGroup(ctx.admin, unique("viewers"));
    await ctx.admin.scim("POST", "/Roles", role(unique("group-viewers"), { permissions: [{ value: "internal_group_mgt_view" }], groups: [{ value: group.id }] }));
    expectScimError(await client.scim("GET", "/Groups"), 403);
    expect((await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: user.id }] }))).status).toBe(204);
    expectScim(await client.scim("GET", "/Groups"), 200);
  });

  it("filters, pages and projects roles", async () => {
    const prefix = unique("flt-");
    for (const n of ["b", "a", "c"]) expectScim(await ctx.admin.scim("POST", "/Roles", role(`${prefix}${n}`)), 201);
    const eq = await ctx.admin.scim("GET", `/Roles?filter=${q(`displayName eq "${prefix.toUpperCase()}a"`)}`);
    expectScim(eq, 200);
    expect(eq.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 1, Resources: [{ displayName: `${prefix}a` }] });
    const sw = await ctx.admin.scim("GET", `/Roles?filter=${q(`displayName sw "${prefix}"`)}&startIndex=2&count=1&attributes=displayName`);
    expect(sw.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(sw.body.Resources).toEqual([{ schemas: [SCHEMAS.role], id: expect.any(String), displayName: `${prefix}b` }]);
    const none = await ctx.admin.scim("GET", `/Roles?filter=${q('displayName eq "no such role"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, itemsPerPage: 0 });
    const search = await ctx.admin.scim("POST", "/Roles/.search", { schemas: [SCHEMAS.search], filter: `displayName sw "${prefix}" and displayName ew "c"` });
    expect(search.body.Resources.map((r: Json) => r.displayName)).toEqual([`${prefix}c`]);
    expectScimError(await ctx.admin.scim("GET", `/Roles?filter=${q("displayName eq")}`), 400, "invalidFilter");
    const admin = await ctx.admin.scim("GET", `/Roles?filter=${q('displayName eq "admin"')}&attributes=permissions`);
    expect(admin.body.Resources[0].permissions.map((p: Json) => p.value)).toEqual(expect.arrayContaining(["internal_user_mgt_list", "internal_role_mgt_delete"]));
  });

  it("replaces a role with PUT and deletes it", async () => {
    const user = await createUser(ctx.admin, unique("put.role"));
    const created = (await ctx.admin.scim("POST", "/Roles", role(unique("put-role"), { permissions: [{ value: "internal_user_mgt_list" }] }))).body;
    const renamed = unique("put-renamed");
    const put = await ctx.admin.scim("PUT", `/Roles/${created.id}`, { ...created, displayName: renamed, permissions: [{ value: "internal_group_mgt_view" }], users: [{ value: user.id }] });
    expectScim(put, 200);
    expect(put.body).toMatchObject({ displayName: renamed, permissions: [{ value: "internal_group_mgt_view" }], users: [{ value: user.id }], meta: { version: 'W/"2"' } });
    const same = await ctx.admin.scim("PUT", `/Roles/${created.id}`, put.body);
    expect(same.body.meta.version).toBe('W/"2"');
    expectScimError(await ctx.admin.scim("PATCH", `/Roles/${created.id}`, patchBody({ op: "add", path: "permissions", value: [{ value: "not_a_permission" }] })), 400, "invalidValue");

    expect((await ctx.admin.scim("DELETE", `/Roles/${created.id}`)).status).toBe(204);
    expectScimError(await ctx.admin.scim("GET", `/Roles/${created.id}`), 404);
    expectScimError(await ctx.admin.scim("DELETE", `/Roles/${created.id}`), 404);
    // the user stays; only the assignment went
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).status).toBe(200);

    const adminRole = (await ctx.admin.scim("GET", `/Roles?filter=${q('displayName eq "admin"')}`)).body.Resources[0];
    expectScimError(await ctx.admin.scim("DELETE", `/Roles/${adminRole.id}`), 400, "invalidValue");
  });
});
