import { beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { SCHEMAS, createCustomAttribute, createGroup, createUser, expectScim, expectScimError, q, useScimServer } from "./setup";

const ENT = SCHEMAS.enterprise;
const CUS = SCHEMAS.custom;

describe.each(DIALECTS)("SCIM filtering, sorting and paging on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  const ids: Record<string, string> = {};
  let group: Json;

  beforeAll(async () => {
    for (const definition of [
      { name: "costCode", type: "string" },
      { name: "level", type: "integer" },
      { name: "vip", type: "boolean" },
      { name: "startDate", type: "dateTime" },
    ]) {
      await createCustomAttribute(ctx.admin, definition);
    }
    const bob = await createUser(ctx.admin, "bob", {
      name: { givenName: "Bob", familyName: "Jones" },
      title: "Manager",
      emails: [{ value: "bob@example.com", type: "work", primary: true }],
      [ENT]: { employeeNumber: "200", department: "Sales" },
      [CUS]: { level: 3, vip: false, costCode: "CC-2", startDate: "2019-06-01T00:00:00Z" },
    });
    ids.bob = bob.id;
    ids.Alice = (
      await createUser(ctx.admin, "Alice", {
        externalId: "ext-A",
        name: { givenName: "Alice", familyName: "Smith" },
        title: "Engineer",
        emails: [
          { value: "alice@example.com", type: "work", primary: true },
          { value: "alice@home.test", type: "home" },
        ],
        [ENT]: { employeeNumber: "100", department: "R&D", manager: { value: bob.id } },
        [CUS]: { level: 1, vip: true, costCode: "CC-1", startDate: "2024-03-01T09:30:00Z" },
      })
    ).id;
    ids.Carol_1 = (
      await createUser(ctx.admin, "Carol_1", {
        active: false,
        emails: [{ value: "carol@other.org", type: "home" }],
        [ENT]: { department: "R&D" },
        [CUS]: { level: 7 },
      })
    ).id;
    ids["dave%x"] = (await createUser(ctx.admin, "dave%x")).id;
    group = await createGroup(ctx.admin, "Filter-Group", [ids.Alice, ids.bob]);
  });

  /** userNames a filter selects, in the server's order; the seeded admin is left out by the filter itself */
  async function names(filter: string, extra = ""): Promise<string[]> {
    const res = await ctx.admin.scim("GET", `/Users?filter=${q(`(${filter}) and userName ne "admin"`)}&count=100${extra}`);
    expectScim(res, 200);
    expect(res.body.totalResults).toBe(res.body.Resources.length);
    return res.body.Resources.map((u: { userName: string }) => u.userName);
  }
  const sorted = async (filter: string) => (await names(filter)).sort();
  const ALL = ["Alice", "Carol_1", "bob", "dave%x"];

  it("compares with every operator", async () => {
    expect(await sorted('userName eq "alice"')).toEqual(["Alice"]);
    expect(await sorted('userName ne "ALICE"')).toEqual(["Carol_1", "bob", "dave%x"]);
    expect(await sorted('userName co "LI"')).toEqual(["Alice"]);
    expect(await sorted('userName sw "b"')).toEqual(["bob"]);
    expect(await sorted('userName ew "E"')).toEqual(["Alice"]);
    expect(await sorted("title pr")).toEqual(["Alice", "bob"]);
    expect(await sorted('title gt "F"')).toEqual(["bob"]);
    expect(await sorted('title ge "engineer"')).toEqual(["Alice", "bob"]);
    expect(await sorted('title lt "F"')).toEqual(["Alice"]);
    expect(await sorted('title le "MANAGER"')).toEqual(["Alice", "bob"]);
    expect(await sorted("active eq false")).toEqual(["Carol_1"]);
    expect(await sorted("active ne false")).toEqual(["Alice", "bob", "dave%x"]);
    expect(await sorted(`id eq "${ids.bob}"`)).toEqual(["bob"]);
    expect(await sorted('meta.resourceType eq "User"')).toEqual(ALL);
    expect(await sorted('meta.created gt "2000-01-01T00:00:00Z"')).toEqual(ALL);
    expect(await sorted('meta.lastModified lt "2000-01-01T00:00:00Z"')).toEqual([]);
    expect(await sorted("title eq null")).toEqual(["Carol_1", "dave%x"]);
  });

  it("takes LIKE wildcards in co/sw/ew literally", async () => {
    expect(await sorted('userName co "%"')).toEqual(["dave%x"]);
    expect(await sorted('userName co "_"')).toEqual(["Carol_1"]);
    expect(await sorted('userName sw "_"')).toEqual([]);
    expect(await sorted('emails.value co "\\\\"')).toEqual([]);
  });

  it("compares externalId and id case-exactly, everything else case-insensitively", async () => {
    expect(await sorted('externalId eq "ext-A"')).toEqual(["Alice"]);
    expect(await sorted('externalId eq "EXT-A"')).toEqual([]);
    expect(await sorted('name.familyName eq "SMITH"')).toEqual(["Alice"]);
    expect(await sorted(`id eq "${ids.bob.toUpperCase()}"`)).toEqual([]);
  });

  it("combines with and, or, not and parentheses", async () => {
    expect(await sorted('title eq "Engineer" or title eq "Manager"')).toEqual(["Alice", "bob"]);
    expect(await sorted('(title eq "Engineer" or title eq "Manager") and not (emails.type eq "home")')).toEqual(["bob"]);
    expect(await sorted('title eq "Engineer" or title eq "Manager" and active eq false')).toEqual(["Alice"]);
    expect(await sorted('(title eq "Engineer" or title eq "Manager") and active eq true')).toEqual(["Alice", "bob"]);
    // "not" is exact negation: users without a title are not Engineers
    expect(await sorted('not (title eq "Engineer")')).toEqual(["Carol_1", "bob", "dave%x"]);
    expect(await sorted('not (name.givenName sw "a")')).toEqual(["Carol_1", "bob", "dave%x"]);
    expect(await sorted('not (emails.value co "example")')).toEqual(["Carol_1", "dave%x"]);
    expect(await sorted("not (not (active eq true))")).toEqual(["Alice", "bob", "dave%x"]);
    // a title that is absent is not "different from" one (RFC 7644 section 3.4.2.2)
    expect(await sorted('title ne "Engineer"')).toEqual(["bob"]);
  });

  it("filters on sub-attributes and value paths of multi-valued attributes", async () => {
    expect(await sorted('emails.value ew "@EXAMPLE.com"')).toEqual(["Alice", "bob"]);
    expect(await sorted('emails co "other.org"')).toEqual(["Carol_1"]);
    expect(await sorted('emails.type eq "home"')).toEqual(["Alice", "Carol_1"]);
    expect(await sorted("emails.primary eq true")).toEqual(["Alice", "bob"]);
    expect(await sorted('emails[type eq "work" and value co "alice"]')).toEqual(["Alice"]);
    // both conditions must hold for the same address
    expect(await sorted('emails[type eq "home" and value co "example.com"]')).toEqual([]);
    expect(await sorted('emails[type eq "home"] and emails[value co "example.com"]')).toEqual(["Alice"]);
    expect(await sorted("emails pr")).toEqual(["Alice", "Carol_1", "bob"]);
    expect(await sorted('name.givenName pr and not (emails[type eq "home"])')).toEqual(["bob"]);
    expect(await sorted(`groups.value eq "${group.id}"`)).toEqual(["Alice", "bob"]);
    expect(await sorted('groups.display eq "filter-group"')).toEqual(["Alice", "bob"]);
    expect(await sorted(`groups[value eq "${group.id}"]`)).toEqual(["Alice", "bob"]);
  });

  it("filters on enterprise and custom extension attributes by their full URN", async () => {
    expect(await sorted(`${ENT}:department eq "r&d"`)).toEqual(["Alice", "Carol_1"]);
    expect(await sorted(`${ENT}:employeeNumber gt "150"`)).toEqual(["bob"]);
    expect(await sorted(`${ENT}:manager.value eq "${ids.bob}"`)).toEqual(["Alice"]);
    expect(await sorted(`${ENT}:department pr and not (${ENT}:employeeNumber pr)`)).toEqual(["Carol_1"]);
    expect(await sorted(`${CUS}:level gt 2`)).toEqual(["Carol_1", "bob"]);
    expect(await sorted(`${CUS}:level le 3`)).toEqual(["Alice", "bob"]);
    expect(await sorted(`${CUS}:level eq 7`)).toEqual(["Carol_1"]);
    expect(await sorted(`${CUS}:vip eq true`)).toEqual(["Alice"]);
    expect(await sorted(`${CUS}:vip eq false`)).toEqual(["bob"]);
    expect(await sorted(`${CUS}:costCode eq "cc-1"`)).toEqual(["Alice"]);
    expect(await sorted(`${CUS}:costCode sw "CC"`)).toEqual(["Alice", "bob"]);
    expect(await sorted(`${CUS}:startDate ge "2024-01-01T00:00:00Z"`)).toEqual(["Alice"]);
    expect(await sorted(`${CUS}:startDate lt "2024-03-01T09:30:00.001Z"`)).toEqual(["Alice", "bob"]);
    expect(await sorted(`${CUS}:costCode pr`)).toEqual(["Alice", "bob"]);
    // URNs are case-insensitive (RFC 7643 section 2.1)
    expect(await sorted(`${CUS.toUpperCase()}:LEVEL gt 2`)).toEqual(["Carol_1", "bob"]);
  });

  it("matches userName case-insensitively and finds deactivated users, as Okta's lookup does", async () => {
    const res = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "CAROL_1"')}&startIndex=1&count=100`);
    expectScim(res, 200);
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(res.body.Resources[0]).toMatchObject({ id: ids.Carol_1, userName: "Carol_1", active: false });
  });

  it("answers a filter that matches nothing with 200 and totalResults 0", async () => {
    const res = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "nobody-at-all"')}`);
    expectScim(res, 200);
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 0, itemsPerPage: 0, startIndex: 1 });
    expect(res.body.Resources ?? []).toEqual([]);
  });

  it("refuses malformed and impossible filters with 400 invalidFilter", async () => {
    for (const filter of [
      'userName eq "x',
      "userName eq",
      'userName xx "a"',
      '(userName eq "a"',
      'userName eq "a")',
      'emails[type eq "work"',
      'nosuch eq "x"',
      'department eq "Sales"',
      `${CUS}:nosuch eq 1`,
      'password eq "secret"',
      "active gt true",
      `${CUS}:level co "1"`,
      `${CUS}:level eq "three"`,
      'meta.created gt "yesterday"',
      'members.value eq "x"',
      'emails[type eq "work"][value eq "x"]',
      "and",
      '"x" eq userName',
      "(".repeat(60) + 'userName eq "a"' + ")".repeat(60),
    ]) {
      const res = await ctx.admin.scim("GET", `/Users?filter=${q(filter)}`);
      expect(res.status, `${filter}: ${res.text}`).toBe(400);
      expectScimError(res, 400, "invalidFilter");
    }
  });

  it("sorts by sortBy and sortOrder, with absent values last", async () => {
    expect(await names("userName pr", "&sortBy=userName")).toEqual(["Alice", "bob", "Carol_1", "dave%x"]);
    expect(await names("userName pr", "&sortBy=userName&sortOrder=descending")).toEqual(["dave%x", "Carol_1", "bob", "Alice"]);
    expect((await names("userName pr", "&sortBy=title")).slice(0, 2)).toEqual(["Alice", "bob"]);
    expect((await names("userName pr", "&sortBy=title&sortOrder=descending")).slice(2)).toEqual(["bob", "Alice"]);
    expect(await names("emails pr", "&sortBy=emails.value")).toEqual(["Alice", "bob", "Carol_1"]);
    expect((await names("userName pr", `&sortBy=${q(`${ENT}:employeeNumber`)}&sortOrder=descending`)).slice(2)).toEqual(["bob", "Alice"]);
    expect((await names("userName pr", `&sortBy=${q(`${CUS}:level`)}`)).slice(0, 3)).toEqual(["Alice", "bob", "Carol_1"]);
    // without sortBy the order is creation order
    expect(await names("userName pr")).toEqual(["bob", "Alice", "Carol_1", "dave%x"]);
    expectScimError(await ctx.admin.scim("GET", "/Users?sortBy=nosuch"), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("GET", "/Users?sortBy=userName&sortOrder=sideways"), 400, "invalidValue");
  });

  it("pages with startIndex and count, reporting totalResults and itemsPerPage", async () => {
    const filter = q('userName ne "admin"');
    const page = await ctx.admin.scim("GET", `/Users?filter=${filter}&startIndex=2&count=2`);
    expectScim(page, 200);
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((u: Json) => u.userName)).toEqual(["Alice", "Carol_1"]);

    const last = await ctx.admin.scim("GET", `/Users?filter=${filter}&startIndex=4&count=2`);
    expect(last.body).toMatchObject({ totalResults: 4, startIndex: 4, itemsPerPage: 1 });
    const beyond = await ctx.admin.scim("GET", `/Users?filter=${filter}&startIndex=50`);
    expect(beyond.body).toMatchObject({ totalResults: 4, startIndex: 50, itemsPerPage: 0 });

    // count=0 asks for the total only (RFC 7644 section 3.4.2.4)
    const none = await ctx.admin.scim("GET", `/Users?filter=${filter}&count=0`);
    expectScim(none, 200);
    expect(none.body).toMatchObject({ totalResults: 4, itemsPerPage: 0 });
    expect(none.body.Resources ?? []).toEqual([]);

    // below 1 is read as 1, a negative count as 0
    expect((await ctx.admin.scim("GET", `/Users?filter=${filter}&startIndex=0&count=1`)).body).toMatchObject({ startIndex: 1, itemsPerPage: 1 });
    expect((await ctx.admin.scim("GET", `/Users?filter=${filter}&count=-5`)).body).toMatchObject({ totalResults: 4, itemsPerPage: 0 });
    const huge = await ctx.admin.scim("GET", `/Users?filter=${filter}&startIndex=9007199254740991`);
    expectScim(huge, 200);
    expect(huge.body).toMatchObject({ totalResults: 4, itemsPerPage: 0 });
    expectScimError(await ctx.admin.scim("GET", "/Users?count=ten"), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("GET", "/Users?startIndex=1.5"), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("GET", "/Users?startIndex=1e400"), 400, "invalidValue");
  });

  it("pages with RFC 9865 cursors", async () => {
    const filter = q('userName ne "admin"');
    const first = await ctx.admin.scim("GET", `/Users?filter=${filter}&cursor=&count=3`);
    expectScim(first, 200);
    expect(first.body).toMatchObject({ totalResults: 4, itemsPerPage: 3 });
    expect(first.body.Resources.map((u: Json) => u.userName)).toEqual(["bob", "Alice", "Carol_1"]);
    expect(first.body.previousCursor).toBeUndefined();
    expect(typeof first.body.nextCursor).toBe("string");

    const second = await ctx.admin.scim("GET", `/Users?filter=${filter}&cursor=${q(first.body.nextCursor)}&count=3`);
    expectScim(second, 200);
    expect(second.body.Resources.map((u: Json) => u.userName)).toEqual(["dave%x"]);
    expect(second.body.nextCursor).toBeUndefined();
    expect(typeof second.body.previousCursor).toBe("string");
    const back = await ctx.admin.scim("GET", `/Users?filter=${filter}&cursor=${q(second.body.previousCursor)}&count=3`);
    expect(back.body.Resources.map((u: Json) => u.userName)).toEqual(["bob", "Alice", "Carol_1"]);

    const cursor: string = first.body.nextCursor;
    const tampered = cursor.slice(0, -2) + (cursor.endsWith("A") ? "BB" : "AA");
    expect((await ctx.admin.scim("GET", `/Users?filter=${filter}&cursor=${q(tampered)}`)).status).toBe(400);
    expectScimError(await ctx.admin.scim("GET", `/Users?filter=${filter}&cursor=not-a-cursor`), 400, "invalidCursor");
    // a cursor belongs to its query: another filter or sort order cannot reuse it
    expectScimError(await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "bob"')}&cursor=${q(cursor)}`), 400, "invalidCursor");
    expectScimError(await ctx.admin.scim("GET", `/Users?filter=${filter}&sortBy=userName&cursor=${q(cursor)}`), 400, "invalidCursor");
    expectScimError(await ctx.admin.scim("GET", `/Users?cursor=&startIndex=1`), 400, "invalidValue");

    // the same holds for a search sent in the body
    const search = (body: Record<string, unknown>) => ctx.admin.scim("POST", "/Users/.search", { schemas: [SCHEMAS.search], ...body });
    const s1 = await search({ filter: 'userName ne "admin"', cursor: "", count: 2 });
    expectScim(s1, 200);
    expect(s1.body.Resources.map((u: Json) => u.userName)).toEqual(["bob", "Alice"]);
    const s2 = await search({ filter: 'userName ne "admin"', cursor: s1.body.nextCursor, count: 2 });
    expect(s2.body.Resources.map((u: Json) => u.userName)).toEqual(["Carol_1", "dave%x"]);
    expectScimError(await search({ filter: 'userName eq "bob"', cursor: s1.body.nextCursor, count: 2 }), 400, "invalidCursor");
  });

  it("returns only what attributes asks for, and leaves out excludedAttributes", async () => {
    const only = await ctx.admin.scim("GET", `/Users/${ids.Alice}?attributes=userName,emails.value`);
    expectScim(only, 200);
    expect(only.body).toEqual({ schemas: [SCHEMAS.user, ENT, CUS], id: ids.Alice, userName: "Alice", emails: [{ value: "alice@example.com" }, { value: "alice@home.test" }] });

    const ent = await ctx.admin.scim("GET", `/Users/${ids.Alice}?attributes=${q(`${ENT}:department,name.familyName`)}`);
    expect(ent.body).toEqual({ schemas: [SCHEMAS.user, ENT, CUS], id: ids.Alice, name: { familyName: "Smith" }, [ENT]: { department: "R&D" } });

    const whole = await ctx.admin.scim("GET", `/Users/${ids.Alice}?attributes=${q(CUS)}`);
    expect(whole.body[CUS]).toEqual({ costCode: "CC-1", level: 1, startDate: "2024-03-01T09:30:00.000Z", vip: true });
    expect(whole.body.userName).toBeUndefined();

    const full = await ctx.admin.scim("GET", `/Users/${ids.Alice}`);
    expect(full.body.groups).toEqual([expect.objectContaining({ value: group.id, display: "Filter-Group", type: "direct" })]);
    const excluded = await ctx.admin.scim("GET", `/Users/${ids.Alice}?excludedAttributes=groups,emails,name.givenName`);
    expect(excluded.body).not.toHaveProperty("groups");
    expect(excluded.body).not.toHaveProperty("emails");
    expect(excluded.body.name).toEqual({ familyName: "Smith" });
    expect(excluded.body.userName).toBe("Alice");
    // id is always returned, even when excluded
    expect((await ctx.admin.scim("GET", `/Users/${ids.Alice}?excludedAttributes=id,meta`)).body.id).toBe(ids.Alice);

    const listed = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "alice"')}&attributes=userName&excludedAttributes=`);
    expect(listed.body.Resources).toEqual([{ schemas: [SCHEMAS.user, ENT, CUS], id: ids.Alice, userName: "Alice" }]);
    const noGroups = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "alice"')}&excludedAttributes=groups`);
    expect(noGroups.body.Resources[0]).not.toHaveProperty("groups");
    expect(noGroups.body.Resources[0].emails).toHaveLength(2);
    expectScimError(await ctx.admin.scim("GET", `/Users?attributes=userName&excludedAttributes=emails`), 400, "invalidValue");
  });

  it("never returns the password, even when asked for", async () => {
    const res = await ctx.admin.scim("GET", `/Users?attributes=password,userName`);
    expectScim(res, 200);
    for (const user of res.body.Resources) expect(user).not.toHaveProperty("password");
    const one = await ctx.admin.scim("GET", `/Users/${ids.bob}?attributes=password`);
    expect(one.body).toEqual({ schemas: [SCHEMAS.user, ENT, CUS], id: ids.bob });
  });

  it("searches with POST /Users/.search", async () => {
    const res = await ctx.admin.scim("POST", "/Users/.search", {
      schemas: [SCHEMAS.search],
      filter: `${ENT}:department eq "R&D"`,
      attributes: ["userName", "active"],
      sortBy: "userName",
      sortOrder: "descending",
      startIndex: 1,
      count: 10,
    });
    expectScim(res, 200);
    expect(res.body).toMatchObject({ totalResults: 2, itemsPerPage: 2 });
    expect(res.body.Resources).toEqual([
      { schemas: [SCHEMAS.user, ENT, CUS], id: ids.Carol_1, userName: "Carol_1", active: false },
      { schemas: [SCHEMAS.user, ENT, CUS], id: ids.Alice, userName: "Alice", active: true },
    ]);
    expectScimError(await ctx.admin.scim("POST", "/Users/.search", { schemas: [SCHEMAS.search], filter: "userName eq" }), 400, "invalidFilter");
    expectScimError(await ctx.admin.scim("POST", "/Users/.search", { schemas: [SCHEMAS.search], filter: 42 }), 400, "invalidFilter");
    expectScimError(await ctx.admin.scim("GET", "/Users/.search"), 405);
  });

  it("searches every resource type with POST /.search", async () => {
    const both = await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], filter: 'meta.created gt "2000-01-01T00:00:00Z"', attributes: ["id"], count: 100 });
    expectScim(both, 200);
    expect(both.body.totalResults).toBe(6);
    const found = both.body.Resources.map((r: Json) => r.id);
    expect(found).toEqual(expect.arrayContaining([ids.Alice, ids.bob, ids.Carol_1, ids["dave%x"], group.id]));

    const groups = await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], filter: 'meta.resourceType eq "Group"' });
    expect(groups.body).toMatchObject({ totalResults: 1, Resources: [{ id: group.id, displayName: "Filter-Group" }] });
    // a User-only attribute simply matches no group
    const users = await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], filter: 'userName sw "ali"' });
    expect(users.body).toMatchObject({ totalResults: 1, Resources: [{ id: ids.Alice }] });
    // an attribute of no resource type is a bad filter, not an empty result
    expectScimError(await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], filter: 'nosuch eq "x"' }), 400, "invalidFilter");
    expectScimError(await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], filter: "userName eq" }), 400, "invalidFilter");
    // pages cut across the resource types exactly as the whole list does
    const all = (await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], attributes: ["id"] })).body.Resources.map((r: Json) => r.id);
    expect(all).toHaveLength(6);
    for (let startIndex = 1; startIndex <= 7; startIndex++) {
      const paged = await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], startIndex, count: 2, attributes: ["id"] });
      expect(paged.body).toMatchObject({ totalResults: 6, startIndex });
      expect(paged.body.Resources.map((r: Json) => r.id)).toEqual(all.slice(startIndex - 1, startIndex + 1));
    }
    const counted = await ctx.admin.scim("POST", "/.search", { schemas: [SCHEMAS.search], count: 0 });
    expect(counted.body).toMatchObject({ totalResults: 6, itemsPerPage: 0 });
  });

  it("filters groups by displayName, members and domain", async () => {
    const res = await ctx.admin.scim("GET", `/Groups?filter=${q('displayName eq "filter-group"')}&excludedAttributes=members`);
    expectScim(res, 200);
    expect(res.body).toMatchObject({ totalResults: 1, Resources: [{ id: group.id, displayName: "Filter-Group" }] });
    expect(res.body.Resources[0]).not.toHaveProperty("members");
    const byMember = await ctx.admin.scim("GET", `/Groups?filter=${q(`members[value eq "${ids.Alice}"]`)}`);
    expect(byMember.body.Resources.map((g: Json) => g.id)).toEqual([group.id]);
    const byDisplay = await ctx.admin.scim("GET", `/Groups?filter=${q('members.display eq "BOB"')}`);
    expect(byDisplay.body.totalResults).toBe(1);
    expect((await ctx.admin.scim("GET", `/Groups?filter=${q(`members.value eq "${ids.Carol_1}"`)}`)).body.totalResults).toBe(0);
    expectScimError(await ctx.admin.scim("GET", `/Groups?filter=${q('userName eq "bob"')}`), 400, "invalidFilter");
  });
});
