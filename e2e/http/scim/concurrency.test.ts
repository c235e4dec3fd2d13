import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { SCHEMAS, createGroup, createUser, expectScimError, patchBody, q, unique, useScimServer, userBody } from "./setup";

// Entra ID and Okta send membership and attribute changes in parallel bursts without If-Match: each one must
// apply to the state it meets, none may fail because another wrote first (RFC 7644 section 3.14 makes the
// precondition the client's choice).
const BURST = 50;

const statuses = (responses: { status: number }[]) => responses.map((r) => r.status);
const all2xx = (responses: { status: number; text: string }[]) =>
  expect(
    responses.filter((r) => r.status < 200 || r.status >= 300).map((r) => `${r.status} ${r.text.slice(0, 200)}`),
    `statuses: ${statuses(responses).join(",")}`,
  ).toEqual([]);

describe.each(DIALECTS)("concurrent SCIM writes without If-Match on %s", (dialect) => {
  const ctx = useScimServer(dialect);

  it(`adds ${BURST} members to one group from ${BURST} parallel PATCHes`, async () => {
    const group = await createGroup(ctx.admin, unique("burst-group"));
    const users: Json[] = [];
    for (let i = 0; i < BURST; i++) users.push(await createUser(ctx.admin, unique(`burst.member${i}.`)));
    const responses = await Promise.all(users.map((u) => ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: u.id }] }))));
    all2xx(responses);
    const got = await ctx.admin.scim("GET", `/Groups/${group.id}`);
    expect(got.body.members.map((m: Json) => m.value).sort()).toEqual(users.map((u) => u.id).sort());
    // every change counted: version 1 plus one per added member
    expect(got.body.meta.version).toBe(`W/"${1 + BURST}"`);

    // and removes them the same way
    const removals = await Promise.all(users.map((u) => ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "remove", path: `members[value eq "${u.id}"]` }))));
    all2xx(removals);
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`)).body.members ?? []).toEqual([]);
  });

  it(`adds ${BURST} distinct emails to one user from ${BURST} parallel PATCHes`, async () => {
    const user = await createUser(ctx.admin, unique("burst.user"));
    const emails = Array.from({ length: BURST }, (_, i) => `burst${i}@example.com`);
    const responses = await Promise.all(emails.map((value) => ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "add", path: "emails", value: [{ value, type: "other" }] }))));
    all2xx(responses);
    const got = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expect(got.body.emails.map((e: Json) => e.value).sort()).toEqual([...emails].sort());
    expect(got.body.meta.version).toBe(`W/"${1 + BURST}"`);
    // each one is findable, so none was lost between the rows and the user
    const found = await ctx.admin.scim("GET", `/Users?filter=${q(`emails.value eq "${emails[BURST - 1]}"`)}`);
    expect(found.body.Resources.map((u: Json) => u.id)).toEqual([user.id]);
  });

  it("applies parallel attribute PATCHes to different attributes of one user, each kept", async () => {
    const user = await createUser(ctx.admin, unique("burst.attrs"));
    const changes: [string, string][] = [
      ["title", "Engineer"],
      ["nickName", "Kim"],
      ["displayName", "Kim J"],
      ["locale", "en-GB"],
      ["timezone", "Europe/London"],
      ["preferredLanguage", "en"],
      ["userType", "Employee"],
      ["profileUrl", "https://example.com/kim"],
    ];
    all2xx(await Promise.all(changes.map(([path, value]) => ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path, value })))));
    const got = await ctx.admin.scim("GET", `/Users/${user.id}`);
    for (const [path, value] of changes) expect(got.body[path], path).toBe(value);
  });

  it("adds users to one role from parallel PATCHes", async () => {
    const role = await ctx.admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role], displayName: unique("burst-role"), permissions: [{ value: "internal_user_mgt_list" }] });
    expect(role.status, role.text).toBe(201);
    const users: Json[] = [];
    for (let i = 0; i < 20; i++) users.push(await createUser(ctx.admin, unique(`burst.role${i}.`)));
    all2xx(await Promise.all(users.map((u) => ctx.admin.scim("PATCH", `/Roles/${role.body.id}`, patchBody({ op: "add", path: "users", value: [{ value: u.id }] })))));
    const got = await ctx.admin.scim("GET", `/Roles/${role.body.id}`);
    expect(got.body.users.map((u: Json) => u.value).sort()).toEqual(users.map((u) => u.id).sort());
  });

  it("lets parallel PUTs without If-Match all succeed, the last one written winning", async () => {
    const user = await createUser(ctx.admin, unique("burst.put"));
    const titles = Array.from({ length: 20 }, (_, i) => `Title ${i}`);
    all2xx(await Promise.all(titles.map((title) => ctx.admin.scim("PUT", `/Users/${user.id}`, userBody(user.userName, { title })))));
    expect(titles).toContain((await ctx.admin.scim("GET", `/Users/${user.id}`)).body.title);
  });

  it("still answers 412 to a stale If-Match, for users, groups and roles", async () => {
    const user = await createUser(ctx.admin, unique("burst.stale"));
    const group = await createGroup(ctx.admin, unique("burst-stale"));
    await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: "moved on" }));
    await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: user.id }] }));
    const stale = { "if-match": 'W/"1"' };
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "add", path: "emails", value: [{ value: "late@example.com" }] }), stale), 412);
    expectScimError(await ctx.admin.scim("PUT", `/Users/${user.id}`, userBody(user.userName, { title: "late" }), stale), 412);
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "remove", path: "members" }), stale), 412);
    expectScimError(await ctx.admin.scim("PUT", `/Groups/${group.id}`, { schemas: [SCHEMAS.group], displayName: group.displayName }, stale), 412);
    const got = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expect(got.body.title).toBe("moved on");
    expect(got.body.emails).toBeUndefined();
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`)).body.members).toHaveLength(1);

    // of parallel PATCHes that all name the same version, exactly one is applied
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "title", value: `race ${i}` }), { "if-match": 'W/"2"' })),
    );
    expect(statuses(racing).filter((s) => s === 200)).toHaveLength(1);
    expect(statuses(racing).filter((s) => s === 412)).toHaveLength(9);
  });
});
