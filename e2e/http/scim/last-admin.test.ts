import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { basicAuth, type Json } from "../../support/scim-client";
import { verbatimRequest } from "../../support/raw-http";
import { PASSWORD, SCHEMAS, createGroup, createUser, expectScimError, patchBody, q, unique, useScimServer } from "./setup";

// At least one active user keeps the admin role, whichever channel tries to remove the last one.
describe.each(DIALECTS)("the last administrator on %s", (dialect) => {
  const ctx = useScimServer(dialect);

  const adminRole = async () => {
    const res = await ctx.admin.scim("GET", `/Roles?filter=${q('displayName eq "admin"')}`);
    expect(res.body.totalResults, res.text).toBe(1);
    return res.body.Resources[0] as Json;
  };
  const stillThere = async (id: string) => expect((await ctx.admin.scim("GET", `/Users/${id}`)).status).toBe(200);

  it("is refused through /Me, /Users, Bulk, deactivation and the admin role itself", async () => {
    const me = (await ctx.admin.scim("GET", "/Me")).body;
    const other = await createUser(ctx.admin, unique("bystander"));

    expectScimError(await ctx.admin.scim("DELETE", "/Me"), 403);
    expectScimError(await ctx.admin.scim("DELETE", `/Users/${me.id}`), 403);
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${me.id}`, patchBody({ op: "replace", path: "active", value: false })), 403);
    expectScimError(await ctx.admin.scim("PATCH", "/Me", patchBody({ op: "replace", path: "active", value: "False" })), 403);
    const bulk = await ctx.admin.scim("POST", "/Bulk", { schemas: [SCHEMAS.bulkRequest], Operations: [{ method: "DELETE", path: `/Users/${me.id}` }] });
    expect(bulk.status, bulk.text).toBe(200);
    expect(bulk.body.Operations[0].status).toBe("403");

    const role = await adminRole();
    expectScimError(await ctx.admin.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "remove", path: `users[value eq "${me.id}"]` })), 403);
    expectScimError(await ctx.admin.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "replace", path: "displayName", value: "not-admin" })), 403);
    expectScimError(await ctx.admin.scim("PUT", `/Roles/${role.id}`, { schemas: [SCHEMAS.role], displayName: "admin", permissions: role.permissions }), 403);

    // dot segments are refused, not resolved into the caller's own /Me
    const verbatim = (method: string, path: string, body?: unknown) =>
      verbatimRequest(
        ctx.server.baseUrl,
        method,
        `/scim2${path}`,
        { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": "application/scim+json" },
        body === undefined ? undefined : JSON.stringify(body),
      );
    for (const [method, path] of [
      ["DELETE", `/Me/${other.id}/..`],
      ["DELETE", `/Users/${other.id}/%2e%2e`],
      ["DELETE", `/Users/${other.id}/.`],
      ["DELETE", `/Me/${other.id}\\..`],
    ]) {
      const res = await verbatim(method, path);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(400);
      expect(JSON.parse(res.text)).toMatchObject({ schemas: [SCHEMAS.error], status: "400" });
    }
    expect((await verbatim("PATCH", `/Users/x/../${other.id}`, patchBody({ op: "replace", path: "title", value: "x" }))).status).toBe(400);
    // the same rule before every route: the admin API and console pages too
    for (const path of ["/api/server/v1/userstores/PRIMARY/..", "/api/server/v1/users/x/%2E%2E", "/users/x/.."]) {
      const res = await verbatimRequest(ctx.server.baseUrl, "DELETE", path, { authorization: basicAuth({ user: "admin", password: "admin" }) });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
    }

    await stillThere(me.id);
    await stillThere(other.id);
    expect((await ctx.admin.scim("GET", `/Roles/${role.id}`)).body.users.map((u: Json) => u.value)).toEqual([me.id]);
  });

  it("counts holders through a group, and lets one admin go while another remains", async () => {
    const me = (await ctx.admin.scim("GET", "/Me")).body;
    const deputy = await createUser(ctx.admin, unique("deputy"), { password: PASSWORD });
    const asDeputy = ctx.admin.as({ user: deputy.userName, password: PASSWORD });
    const admins = await createGroup(ctx.admin, unique("admins"), [deputy.id]);
    const role = await adminRole();
    const granted = await ctx.admin.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "add", path: "groups", value: [{ value: admins.id }] }));
    expect(granted.status, granted.text).toBe(200);

    // the seeded admin may now leave the role: the deputy holds it through the group
    const left = await asDeputy.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "remove", path: `users[value eq "${me.id}"]` }));
    expect(left.status, left.text).toBe(200);

    // the deputy is now the last one
    expectScimError(await asDeputy.scim("PATCH", `/Groups/${admins.id}`, patchBody({ op: "remove", path: `members[value eq "${deputy.id}"]` })), 403);
    expectScimError(await asDeputy.scim("PUT", `/Groups/${admins.id}`, { schemas: [SCHEMAS.group], displayName: admins.displayName, members: [] }), 403);
    expectScimError(await asDeputy.scim("DELETE", `/Groups/${admins.id}`), 403);
    expectScimError(await asDeputy.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "remove", path: "groups" })), 403);
    expectScimError(await asDeputy.scim("DELETE", "/Me"), 403);
    expect((await asDeputy.scim("GET", `/Groups/${admins.id}`)).body.members.map((m: Json) => m.value)).toEqual([deputy.id]);

    // with the first admin back in the role, the deputy may delete itself
    const back = await asDeputy.scim("PATCH", `/Roles/${role.id}`, patchBody({ op: "add", path: "users", value: [{ value: me.id }] }));
    expect(back.status, back.text).toBe(200);
    expect((await asDeputy.scim("DELETE", "/Me")).status).toBe(204);
    expect((await ctx.admin.scim("GET", `/Users/${deputy.id}`)).status).toBe(404);
  });
});
