import { beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { SCHEMAS, createGroup, createUser, ensureUserStore, expectScim, expectScimError, patchBody, q, unique, useScimServer } from "./setup";

describe.each(DIALECTS)("SCIM Groups on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  const users: Json[] = [];

  beforeAll(async () => {
    for (const name of ["ann", "ben", "cid", "dee"]) users.push(await createUser(ctx.admin, unique(`${name}.`)));
  });
  const [ann, ben, cid, dee] = [0, 1, 2, 3].map((i) => () => users[i]);

  const memberIds = async (id: string) => {
    const res = await ctx.admin.scim("GET", `/Groups/${id}`);
    expectScim(res, 200);
    return (res.body.members ?? []).map((m: Json) => m.value).sort();
  };
  const version = async (id: string) => (await ctx.admin.scim("GET", `/Groups/${id}`)).body.meta.version;
  const patch = (id: string, ...ops: Record<string, unknown>[]) => ctx.admin.scim("PATCH", `/Groups/${id}`, patchBody(...ops));

  it("creates a group with members", async () => {
    const displayName = unique("Engineering ");
    const res = await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName, externalId: "okta-42", members: [{ value: ann().id }, { value: ben().id, display: "ignored" }] });
    expectScim(res, 201);
    const location = `${ctx.server.baseUrl}/scim2/Groups/${res.body.id}`;
    expect(res.headers.get("location")).toBe(location);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.group], displayName, externalId: "okta-42", meta: { resourceType: "Group", location, version: 'W/"1"' } });
    expect(res.body.members).toEqual(
      expect.arrayContaining([
        { value: ann().id, display: ann().userName, type: "User", $ref: `${ctx.server.baseUrl}/scim2/Users/${ann().id}` },
        { value: ben().id, display: ben().userName, type: "User", $ref: `${ctx.server.baseUrl}/scim2/Users/${ben().id}` },
      ]),
    );
    expect(res.body.members).toHaveLength(2);
    const got = await ctx.admin.scim("GET", `/Groups/${res.body.id}`);
    expect(got.body).toEqual(res.body);

    // the user's groups attribute lists the membership
    const user = await ctx.admin.scim("GET", `/Users/${ann().id}`);
    expect(user.body.groups).toEqual(expect.arrayContaining([{ value: res.body.id, display: displayName, type: "direct", $ref: location }]));
  });

  it("refuses duplicates, unknown members and unknown ids", async () => {
    const name = unique("dup-group");
    await createGroup(ctx.admin, name);
    expectScimError(await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: name.toUpperCase() }), 409, "uniqueness");
    expectScimError(await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: unique("g"), members: [{ value: "00000000-0000-4000-8000-000000000000" }] }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], members: [] }), 400, "invalidValue");
    const id = "00000000-0000-4000-8000-000000000001";
    expectScimError(await ctx.admin.scim("GET", `/Groups/${id}`), 404);
    expectScimError(await patch(id, { op: "add", path: "members", value: [{ value: ann().id }] }), 404);
    expectScimError(await ctx.admin.scim("PUT", `/Groups/${id}`, { schemas: [SCHEMAS.group], displayName: "x" }), 404);
    expectScimError(await ctx.admin.scim("DELETE", `/Groups/${id}`), 404);
  });

  it("answers Entra's lookup with excludedAttributes=members and a displayName filter", async () => {
    const group = await createGroup(ctx.admin, unique("Entra Group "), [ann().id]);
    const res = await ctx.admin.scim("GET", `/Groups?excludedAttributes=members&filter=${q(`displayName eq "${group.displayName.toLowerCase()}"`)}`);
    expectScim(res, 200);
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 1, itemsPerPage: 1 });
    expect(res.body.Resources).toEqual([{ schemas: [SCHEMAS.group], id: group.id, displayName: group.displayName, meta: group.meta }]);
    const one = await ctx.admin.scim("GET", `/Groups/${group.id}?excludedAttributes=members`);
    expect(one.body).not.toHaveProperty("members");
    const only = await ctx.admin.scim("GET", `/Groups/${group.id}?attributes=members.value`);
    expect(only.body).toEqual({ schemas: [SCHEMAS.group], id: group.id, members: [{ value: ann().id }] });
  });

  it("adds and removes single members with PATCH", async () => {
    const group = await createGroup(ctx.admin, unique("patch-members"), [ann().id]);
    const added = await patch(group.id, { op: "add", path: "members", value: [{ value: ben().id, display: ben().userName }] });
    expect(added.status, added.text).toBe(204);
    expect(added.headers.get("etag")).toBe('W/"2"');
    expect(await memberIds(group.id)).toEqual([ann().id, ben().id].sort());

    const removed = await patch(group.id, { op: "remove", path: `members[value eq "${ann().id}"]` });
    expect(removed.status, removed.text).toBe(204);
    expect(await memberIds(group.id)).toEqual([ben().id]);
    expect(await version(group.id)).toBe('W/"3"');

    // asking for attributes gets the group back
    const shown = await ctx.admin.scim("PATCH", `/Groups/${group.id}?attributes=members`, patchBody({ op: "add", path: "members", value: [{ value: cid().id }] }));
    expectScim(shown, 200);
    expect(shown.body.members.map((m: Json) => m.value).sort()).toEqual([ben().id, cid().id].sort());
    expect(shown.headers.get("etag")).toBe('W/"4"');

    expectScimError(await patch(group.id, { op: "add", path: "members", value: [{ value: "00000000-0000-4000-8000-000000000000" }] }), 400, "invalidValue");
    expect(await memberIds(group.id)).toEqual([ben().id, cid().id].sort());
  });

  it("removes members given as a value list, as Entra does", async () => {
    const group = await createGroup(ctx.admin, unique("entra-remove"), [ann().id, ben().id, cid().id]);
    const res = await patch(group.id, { op: "Remove", path: "members", value: [{ value: ann().id }, { value: cid().id }] });
    expect(res.status, res.text).toBe(204);
    expect(await memberIds(group.id)).toEqual([ben().id]);
    // "or" in the value filter selects several
    await patch(group.id, { op: "Add", path: "members", value: [{ value: ann().id }, { value: cid().id }] });
    expect((await patch(group.id, { op: "remove", path: `members[value eq "${ann().id}" or value eq "${ben().id}"]` })).status).toBe(204);
    expect(await memberIds(group.id)).toEqual([cid().id]);
    // remove without a value empties the group
    expect((await patch(group.id, { op: "remove", path: "members" })).status).toBe(204);
    expect(await memberIds(group.id)).toEqual([]);
  });

  it("applies Okta's mixed remove and add, and its displayName replace", async () => {
    const group = await createGroup(ctx.admin, unique("okta-mixed"), [ann().id, ben().id]);
    const res = await patch(
      group.id,
      { op: "remove", path: `members[value eq "${ann().id}"]` },
      {
        op: "add",
        path: "members",
        value: [
          { value: cid().id, display: cid().userName },
          { value: dee().id, display: dee().userName },
        ],
      },
    );
    expect(res.status, res.text).toBe(204);
    expect(await memberIds(group.id)).toEqual([ben().id, cid().id, dee().id].sort());

    const renamed = unique("okta-renamed");
    const rename = await patch(group.id, { op: "replace", value: { id: group.id, displayName: renamed } });
    expect(rename.status, rename.text).toBe(204);
    const got = await ctx.admin.scim("GET", `/Groups/${group.id}`);
    expect(got.body.displayName).toBe(renamed);
    expect(got.body.members).toHaveLength(3);
    expect((await ctx.admin.scim("GET", `/Users/${ben().id}`)).body.groups).toEqual(expect.arrayContaining([expect.objectContaining({ value: group.id, display: renamed })]));
  });

  it("replaces the whole member list with a path-less replace", async () => {
    const group = await createGroup(ctx.admin, unique("replace-all"), [ann().id, ben().id]);
    const res = await patch(group.id, { op: "replace", value: { members: [{ value: ben().id }, { value: cid().id }] } });
    expect(res.status, res.text).toBe(204);
    expect(await memberIds(group.id)).toEqual([ben().id, cid().id].sort());
    const withPath = await patch(group.id, { op: "replace", path: "members", value: [{ value: dee().id }] });
    expect(withPath.status).toBe(204);
    expect(await memberIds(group.id)).toEqual([dee().id]);
  });

  it("keeps the version on a PATCH that changes nothing", async () => {
    const group = await createGroup(ctx.admin, unique("noop-group"), [ann().id]);
    const res = await patch(
      group.id,
      { op: "add", path: "members", value: [{ value: ann().id }] },
      { op: "remove", path: `members[value eq "${ben().id}"]` },
      { op: "replace", path: "displayName", value: group.displayName },
    );
    expect(res.status, res.text).toBe(204);
    expect(res.headers.get("etag")).toBe('W/"1"');
    const got = await ctx.admin.scim("GET", `/Groups/${group.id}`);
    expect(got.body.meta).toEqual(group.meta);
  });

  it("refuses PATCH operations a group cannot take", async () => {
    const group = await createGroup(ctx.admin, unique("bad-patch"), [ann().id]);
    expectScimError(await patch(group.id, { op: "replace", path: "displayName", value: 42 }), 400, "invalidValue");
    expectScimError(await patch(group.id, { op: "remove", path: "displayName" }), 400, "invalidValue");
    expectScimError(await patch(group.id, { op: "add", path: "nosuch", value: "x" }), 400, "invalidPath");
    expectScimError(await patch(group.id, { op: "replace", path: "id", value: "x" }), 400, "mutability");
    expectScimError(await patch(group.id, { op: "remove" }), 400, "noTarget");
    expectScimError(await patch(group.id, { op: "add", path: "members", value: [{ display: "no value" }] }), 400, "invalidValue");
    // all or nothing: the valid first operation is not applied either
    expectScimError(await patch(group.id, { op: "add", path: "members", value: [{ value: ben().id }] }, { op: "add", path: "nosuch", value: 1 }), 400, "invalidPath");
    expect(await memberIds(group.id)).toEqual([ann().id]);
    expect(await version(group.id)).toBe('W/"1"');
  });

  it("replaces a group with PUT", async () => {
    const group = await createGroup(ctx.admin, unique("put-group"), [ann().id, ben().id]);
    const renamed = unique("put-renamed");
    const res = await ctx.admin.scim("PUT", `/Groups/${group.id}`, { ...group, displayName: renamed, members: [{ value: ben().id }, { value: cid().id }] });
    expectScim(res, 200);
    expect(res.headers.get("etag")).toBe('W/"2"');
    expect(res.body).toMatchObject({ id: group.id, displayName: renamed, meta: { version: 'W/"2"', created: group.meta.created } });
    expect(res.body.members.map((m: Json) => m.value).sort()).toEqual([ben().id, cid().id].sort());
    expect((await ctx.admin.scim("GET", `/Users/${ann().id}`)).body.groups ?? []).not.toContainEqual(expect.objectContaining({ value: group.id }));
    // the same PUT again is not a change
    const again = await ctx.admin.scim("PUT", `/Groups/${group.id}`, res.body);
    expect(again.body.meta.version).toBe('W/"2"');
  });

  it("qualifies group names of a secondary store, on create, PATCH and PUT", async () => {
    await ensureUserStore(ctx.admin, "MYSQL");
    const kim = await createUser(ctx.admin, `mysql/${unique("kim")}`);
    expect(kim.userName).toMatch(/^MYSQL\//);
    const created = await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "mysql/devs", members: [{ value: kim.id }, { value: ann().id }] });
    expectScim(created, 201);
    expect(created.body.displayName).toBe("MYSQL/devs");
    expect(created.body.members).toEqual(expect.arrayContaining([expect.objectContaining({ value: kim.id, display: kim.userName })]));
    // the same bare name in PRIMARY is another group
    const primary = await createGroup(ctx.admin, "devs");
    expect(primary.displayName).toBe("devs");

    expect((await patch(created.body.id, { op: "replace", path: "displayName", value: "ops" })).status).toBe(204);
    expect((await ctx.admin.scim("GET", `/Groups/${created.body.id}`)).body.displayName).toBe("MYSQL/ops");
    const put = await ctx.admin.scim("PUT", `/Groups/${created.body.id}`, { schemas: [SCHEMAS.group], displayName: "ops2", members: [{ value: kim.id }] });
    expect(put.body.displayName).toBe("MYSQL/ops2");
    const found = await ctx.admin.scim("GET", `/Groups?filter=${q('displayName eq "mysql/OPS2"')}`);
    expect(found.body.Resources.map((g: Json) => g.id)).toEqual([created.body.id]);
    expect((await ctx.admin.scim("GET", `/Users/${kim.id}`)).body.groups).toEqual([expect.objectContaining({ value: created.body.id, display: "MYSQL/ops2" })]);
    // a group cannot change store by renaming
    expectScimError(await patch(created.body.id, { op: "replace", path: "displayName", value: "PRIMARY/ops3" }), 400, "invalidValue");
  });

  it("removes a deleted user from its groups, and a deleted group from its users", async () => {
    const leaving = await createUser(ctx.admin, unique("leaving"));
    const group = await createGroup(ctx.admin, unique("cascade"), [leaving.id, ann().id]);
    expect((await ctx.admin.scim("DELETE", `/Users/${leaving.id}`)).status).toBe(204);
    expect(await memberIds(group.id)).toEqual([ann().id]);
    const byMember = await ctx.admin.scim("GET", `/Groups?filter=${q(`members.value eq "${leaving.id}"`)}`);
    expect(byMember.body.totalResults).toBe(0);

    const del = await ctx.admin.scim("DELETE", `/Groups/${group.id}`);
    expect(del.status).toBe(204);
    expectScimError(await ctx.admin.scim("GET", `/Groups/${group.id}`), 404);
    expect((await ctx.admin.scim("GET", `/Users/${ann().id}`)).body.groups ?? []).not.toContainEqual(expect.objectContaining({ value: group.id }));
  });

  it("lists groups with paging and sorting", async () => {
    const prefix = unique("page-");
    for (const n of ["c", "a", "b"]) await createGroup(ctx.admin, `${prefix}${n}`);
    const filter = q(`displayName sw "${prefix}"`);
    const res = await ctx.admin.scim("GET", `/Groups?filter=${filter}&sortBy=displayName&sortOrder=descending&startIndex=2&count=1&attributes=displayName`);
    expectScim(res, 200);
    expect(res.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect(res.body.Resources).toEqual([{ schemas: [SCHEMAS.group], id: expect.any(String), displayName: `${prefix}b` }]);
    const first = await ctx.admin.scim("GET", `/Groups?filter=${filter}&cursor=&count=2`);
    expect(first.body.Resources.map((g: Json) => g.displayName)).toEqual([`${prefix}c`, `${prefix}a`]);
    const next = await ctx.admin.scim("GET", `/Groups?filter=${filter}&cursor=${q(first.body.nextCursor)}&count=2`);
    expect(next.body.Resources.map((g: Json) => g.displayName)).toEqual([`${prefix}b`]);
    const search = await ctx.admin.scim("POST", "/Groups/.search", { schemas: [SCHEMAS.search], filter: `displayName sw "${prefix}"`, sortBy: "displayName", count: 10 });
    expect(search.body.Resources.map((g: Json) => g.displayName)).toEqual(["a", "b", "c"].map((n) => `${prefix}${n}`));
  });
});
