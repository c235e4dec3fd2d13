import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { SCHEMAS, createGroup, createUser, expectScim, expectScimError, patchBody, unique, useScimServer, userBody } from "./setup";

describe.each(DIALECTS)("SCIM ETags and preconditions on %s", (dialect) => {
  const ctx = useScimServer(dialect);

  it("refuses writes whose If-Match names another version with 412, and applies matching ones", async () => {
    const user = await createUser(ctx.admin, unique("etag.user"), { displayName: "v1" });
    const stale = { "if-match": 'W/"7"' };
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "x" }), stale), 412);
    expectScimError(await ctx.admin.scim("PUT", `/Users/${user.id}`, userBody(user.userName, { displayName: "x" }), stale), 412);
    expectScimError(await ctx.admin.scim("DELETE", `/Users/${user.id}`, undefined, stale), 412);
    const unchanged = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expect(unchanged.body.displayName).toBe("v1");
    expect(unchanged.headers.get("etag")).toBe('W/"1"');

    const patched = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "v2" }), { "if-match": 'W/"1"' });
    expectScim(patched, 200);
    expect(patched.headers.get("etag")).toBe('W/"2"');
    // the version just replaced is now stale
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "v3" }), { "if-match": 'W/"1"' }), 412);

    const put = await ctx.admin.scim("PUT", `/Users/${user.id}`, userBody(user.userName, { displayName: "v3" }), { "if-match": 'W/"9", W/"2"' });
    expectScim(put, 200);
    expect(put.body.meta.version).toBe('W/"3"');
    const any = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "v4" }), { "if-match": "*" });
    expectScim(any, 200);
    expect((await ctx.admin.scim("DELETE", `/Users/${user.id}`, undefined, { "if-match": 'W/"4"' })).status).toBe(204);
  });

  it("answers If-None-Match with the current version with 304, and a changed resource with 200", async () => {
    const user = await createUser(ctx.admin, unique("etag.get"));
    const current = await ctx.admin.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": 'W/"1"' });
    expect(current.status).toBe(304);
    expect(current.text).toBe("");
    expect(current.headers.get("etag")).toBe('W/"1"');
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": "*" })).status).toBe(304);

    await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "add", path: "title", value: "Changed" }));
    const changed = await ctx.admin.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": 'W/"1"' });
    expectScim(changed, 200);
    expect(changed.headers.get("etag")).toBe('W/"2"');
    expect(changed.body.title).toBe("Changed");
    // a strong form of the same version is matched too: the tag is the version either way
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`, undefined, { "if-none-match": '"2"' })).status).toBe(304);
  });

  it("guards groups and roles the same way", async () => {
    const user = await createUser(ctx.admin, unique("etag.member"));
    const group = await createGroup(ctx.admin, unique("etag-group"));
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: user.id }] }), { "if-match": 'W/"2"' }), 412);
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`)).body.members ?? []).toEqual([]);
    const added = await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: user.id }] }), { "if-match": 'W/"1"' });
    expect(added.status).toBe(204);
    expect(added.headers.get("etag")).toBe('W/"2"');
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`, undefined, { "if-none-match": 'W/"2"' })).status).toBe(304);
    expectScimError(await ctx.admin.scim("PUT", `/Groups/${group.id}`, { schemas: [SCHEMAS.group], displayName: "x" }, { "if-match": 'W/"1"' }), 412);
    expectScimError(await ctx.admin.scim("DELETE", `/Groups/${group.id}`, undefined, { "if-match": 'W/"1"' }), 412);
    expect((await ctx.admin.scim("DELETE", `/Groups/${group.id}`, undefined, { "if-match": 'W/"2"' })).status).toBe(204);

    const role = await ctx.admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role], displayName: unique("etag-role") });
    expectScim(role, 201);
    expect(role.headers.get("etag")).toBe('W/"1"');
    expectScimError(await ctx.admin.scim("PATCH", `/Roles/${role.body.id}`, patchBody({ op: "add", path: "users", value: [{ value: user.id }] }), { "if-match": 'W/"5"' }), 412);
    expect((await ctx.admin.scim("GET", `/Roles/${role.body.id}`, undefined, { "if-none-match": 'W/"1"' })).status).toBe(304);
  });
});
