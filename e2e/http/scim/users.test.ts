import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { idFrom } from "../../support/scim-client";
import { PASSWORD, SCHEMAS, createGroup, createUser, ensureUserStore, expectScim, expectScimError, patchBody, q, unique, useScimServer, userBody } from "./setup";

describe.each(DIALECTS)("SCIM Users on %s", (dialect) => {
  const ctx = useScimServer(dialect);

  it("lists first the seeded administrator, with a name and an email, as Okta's SCIM test expects", async () => {
    const res = await ctx.admin.scim("GET", "/Users?startIndex=1&count=1");
    expectScim(res, 200);
    expect(res.body.Resources[0]).toMatchObject({
      userName: "admin",
      name: { givenName: "Provisio", familyName: "Administrator", formatted: "Provisio Administrator" },
      emails: [{ value: "admin@localhost", type: "work", primary: true }],
    });
  });

  it("creates a user with Location, ETag and meta, and never returns the password", async () => {
    const userName = unique("Create.Me");
    const res = await ctx.admin.scim(
      "POST",
      "/Users",
      userBody(userName, { password: PASSWORD, name: { givenName: "Ada", familyName: "Byron" }, emails: [{ value: "ada@example.com", type: "work", primary: true }] }),
    );
    expectScim(res, 201);
    const user = res.body;
    const location = `${ctx.server.baseUrl}/scim2/Users/${user.id}`;
    expect(res.headers.get("location")).toBe(location);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(user).toMatchObject({
      schemas: [SCHEMAS.user],
      userName,
      name: { givenName: "Ada", familyName: "Byron" },
      active: true,
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      meta: { resourceType: "User", location, version: 'W/"1"' },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(user.meta.created)).not.toBeNaN();
    expect(user.meta.lastModified).toBe(user.meta.created);
    expect(user).not.toHaveProperty("password");
    expect(res.text).not.toContain(PASSWORD);

    const got = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expectScim(got, 200);
    expect(got.headers.get("etag")).toBe('W/"1"');
    expect(got.body).toEqual(user);
    // the password set on create is the one that authenticates
    expect((await ctx.admin.as({ user: userName, password: PASSWORD }).scim("GET", "/Me")).status).toBe(200);
  });

  it("keeps the userName's case and refuses the same name in another case with 409 uniqueness", async () => {
    const userName = unique("Mixed.Case");
    const user = await createUser(ctx.admin, userName);
    expect(user.userName).toBe(userName);
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).body.userName).toBe(userName);
    const dup = await ctx.admin.scim("POST", "/Users", userBody(userName.toUpperCase()));
    expectScimError(dup, 409, "uniqueness");
    const lower = await ctx.admin.scim("POST", "/Users", userBody(userName.toLowerCase()));
    expectScimError(lower, 409, "uniqueness");
    // a PUT renaming another user onto the taken name is refused the same way
    const other = await createUser(ctx.admin, unique("other"));
    expectScimError(await ctx.admin.scim("PUT", `/Users/${other.id}`, userBody(userName.toLowerCase())), 409, "uniqueness");
  });

  it("answers an unknown id with a SCIM 404 on every method", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expectScimError(await ctx.admin.scim("GET", `/Users/${id}`), 404);
    expectScimError(await ctx.admin.scim("PUT", `/Users/${id}`, userBody("ghost")), 404);
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${id}`, patchBody({ op: "replace", path: "displayName", value: "x" })), 404);
    expectScimError(await ctx.admin.scim("DELETE", `/Users/${id}`), 404);
  });

  it("replaces a user with the whole object an Okta-style client echoes, keeping the password it leaves out", async () => {
    const userName = unique("okta.user");
    const created = await createUser(ctx.admin, userName, { password: PASSWORD, name: { givenName: "Old", familyName: "Name" }, title: "Engineer" });
    const group = await createGroup(ctx.admin, unique("okta-group"), [created.id]);
    const current = (await ctx.admin.scim("GET", `/Users/${created.id}`)).body;
    expect(current.groups).toEqual([expect.objectContaining({ value: group.id, display: group.displayName })]);

    // Okta sends back what it read: id, meta and groups included, the password left out, title dropped
    const { title, ...rest } = current;
    expect(title).toBe("Engineer");
    const put = await ctx.admin.scim("PUT", `/Users/${created.id}`, { ...rest, name: { givenName: "New", familyName: "Name" }, displayName: "New Name" });
    expectScim(put, 200);
    expect(put.headers.get("etag")).toBe('W/"2"');
    expect(put.body).toMatchObject({ id: created.id, userName, name: { givenName: "New", familyName: "Name" }, displayName: "New Name", meta: { version: 'W/"2"', created: created.meta.created } });
    expect(put.body).not.toHaveProperty("title");
    // groups are read-only on the user: echoing them neither fails nor changes the membership
    expect(put.body.groups).toEqual([expect.objectContaining({ value: group.id })]);
    expect(Date.parse(put.body.meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(created.meta.lastModified));

    expect((await ctx.admin.as({ user: userName, password: PASSWORD }).scim("GET", "/Me")).status).toBe(200);

    // the same PUT again changes nothing, so the version stays
    const again = await ctx.admin.scim("PUT", `/Users/${created.id}`, { ...put.body });
    expectScim(again, 200);
    expect(again.body.meta.version).toBe('W/"2"');
  });

  it("changes the password through PUT and PATCH", async () => {
    const userName = unique("pw.user");
    const user = await createUser(ctx.admin, userName, { password: PASSWORD });
    const put = await ctx.admin.scim("PUT", `/Users/${user.id}`, userBody(userName, { password: "second password" }));
    expectScim(put, 200);
    expect(put.text).not.toContain("second password");
    expect((await ctx.admin.as({ user: userName, password: PASSWORD }).scim("GET", "/Me")).status).toBe(401);
    expect((await ctx.admin.as({ user: userName, password: "second password" }).scim("GET", "/Me")).status).toBe(200);

    const patch = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "password", value: "third password" }));
    expectScim(patch, 200);
    expect(patch.body).not.toHaveProperty("password");
    expect((await ctx.admin.as({ user: userName, password: "second password" }).scim("GET", "/Me")).status).toBe(401);
    expect((await ctx.admin.as({ user: userName, password: "third password" }).scim("GET", "/Me")).status).toBe(200);
  });

  it("applies the PATCH requests Microsoft Entra ID sends", async () => {
    const manager = await createUser(ctx.admin, unique("manager"));
    const user = await createUser(ctx.admin, unique("entra.user"), { emails: [{ value: "home@example.com", type: "home", primary: true }] });
    const res = await ctx.admin.scim(
      "PATCH",
      `/Users/${user.id}`,
      patchBody(
        { op: "Replace", path: "active", value: "False" },
        { op: "Replace", value: { "name.givenName": "Barbara", "name.familyName": "Jensen", displayName: "Barbara Jensen" } },
        { op: "Add", path: 'emails[type eq "work"].value', value: "barbara@work.example" },
        { op: "Replace", path: 'emails[type eq "work"].primary', value: "True" },
        { op: "Add", path: `${SCHEMAS.enterprise}:manager`, value: manager.id },
        { op: "Add", path: `${SCHEMAS.enterprise}:department`, value: "Finance" },
      ),
    );
    expectScim(res, 200);
    expect(res.headers.get("etag")).toBe('W/"2"');
    expect(res.body).toMatchObject({
      active: false,
      name: { givenName: "Barbara", familyName: "Jensen" },
      displayName: "Barbara Jensen",
      schemas: expect.arrayContaining([SCHEMAS.user, SCHEMAS.enterprise]),
      [SCHEMAS.enterprise]: { department: "Finance", manager: { value: manager.id } },
      meta: { version: 'W/"2"' },
    });
    // the new work address became primary, which takes primary away from the home one (RFC 7643 section 2.4)
    expect(res.body.emails).toHaveLength(2);
    expect(res.body.emails).toEqual(
      expect.arrayContaining([
        { value: "home@example.com", type: "home" },
        { value: "barbara@work.example", type: "work", primary: true },
      ]),
    );
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).body).toEqual(res.body);

    // Entra reactivates with the string "True" on a path-less replace
    const back = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "Replace", value: { active: "True" } }));
    expect(back.body.active).toBe(true);
  });

  it("keeps meta.version and lastModified on a PATCH that changes nothing", async () => {
    const user = await createUser(ctx.admin, unique("noop"), { displayName: "Same", emails: [{ value: "same@example.com", type: "work" }] });
    const res = await ctx.admin.scim(
      "PATCH",
      `/Users/${user.id}`,
      patchBody({ op: "replace", path: "displayName", value: "Same" }, { op: "add", path: "emails", value: [{ value: "SAME@example.com", type: "work" }] }, { op: "remove", path: "title" }),
    );
    expectScim(res, 200);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.body.meta).toEqual(user.meta);
  });

  it("applies a PATCH all or nothing", async () => {
    const user = await createUser(ctx.admin, unique("atomic"), { displayName: "Before" });
    const res = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "After" }, { op: "replace", path: "nosuchattribute", value: "x" }));
    expectScimError(res, 400, "invalidPath");
    expect(res.body.detail).toMatch(/Operations\[1\]/);
    const after = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expect(after.body.displayName).toBe("Before");
    expect(after.body.meta.version).toBe('W/"1"');

    // a value the store refuses also leaves everything as it was
    const bad = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "displayName", value: "After" }, { op: "replace", path: "active", value: "maybe" }));
    expectScimError(bad, 400, "invalidValue");
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).body.displayName).toBe("Before");
  });

  it("deletes a user: 204, then 404", async () => {
    const user = await createUser(ctx.admin, unique("gone"));
    const del = await ctx.admin.scim("DELETE", `/Users/${user.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expectScimError(await ctx.admin.scim("GET", `/Users/${user.id}`), 404);
    expectScimError(await ctx.admin.scim("DELETE", `/Users/${user.id}`), 404);
    const listed = await ctx.admin.scim("GET", `/Users?filter=${q(`id eq "${user.id}"`)}`);
    expect(listed.body.totalResults).toBe(0);
  });

  it("requires a userName", async () => {
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], displayName: "No Name" }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Users", userBody("   ")), 400, "invalidValue");
    const user = await createUser(ctx.admin, unique("keepname"));
    expectScimError(await ctx.admin.scim("PUT", `/Users/${user.id}`, { schemas: [SCHEMAS.user], displayName: "x" }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "remove", path: "userName" })), 400, "invalidValue");
  });

  describe("WSO2's documented payloads", () => {
    const documented = {
      schemas: [],
      name: { familyName: "Berry", givenName: "Kim" },
      userName: "kim",
      password: "kimwso2",
      emails: [
        { primary: true, value: "kim@wso2.com", type: "home" },
        { value: "kim_j@wso2.com", type: "work" },
      ],
      EnterpriseUser: { employeeNumber: "1234A", manager: { value: "Taylor" } },
    };

    it('accepts "schemas": [] with an "EnterpriseUser" object and stores it under the enterprise URN', async () => {
      const res = await ctx.admin.scim("POST", "/Users", documented);
      expectScim(res, 201);
      expect(res.body).toMatchObject({
        schemas: [SCHEMAS.user, SCHEMAS.enterprise],
        userName: "kim",
        name: { familyName: "Berry", givenName: "Kim" },
        emails: [
          { value: "kim@wso2.com", type: "home", primary: true },
          { value: "kim_j@wso2.com", type: "work" },
        ],
        [SCHEMAS.enterprise]: { employeeNumber: "1234A", manager: { value: "Taylor" } },
      });
      expect(res.body).not.toHaveProperty("EnterpriseUser");
      const got = await ctx.admin.scim("GET", `/Users/${res.body.id}?attributes=${q(`${SCHEMAS.enterprise}:employeeNumber`)}`);
      expect(got.body).toEqual({ schemas: [SCHEMAS.user, SCHEMAS.enterprise], id: res.body.id, [SCHEMAS.enterprise]: { employeeNumber: "1234A" } });
      expect((await ctx.admin.as({ user: "kim", password: "kimwso2" }).scim("GET", "/Me")).body.userName).toBe("kim");
    });

    it('qualifies names of a secondary user store: "mysql/kim" is "MYSQL/kim"', async () => {
      await ensureUserStore(ctx.admin, "MYSQL");
      const res = await ctx.admin.scim("POST", "/Users", { ...documented, userName: "mysql/kim" });
      expectScim(res, 201);
      expect(res.body.userName).toBe("MYSQL/kim");
      expect(res.headers.get("location")).toBe(res.body.meta.location);
      expect(idFrom(res.headers.get("location")!)).toBe(res.body.id);
      const found = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "MYSQL/kim"')}`);
      expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([res.body.id]);
      // the bare name stays free in PRIMARY: "kim" there is another user
      const primary = await ctx.admin.scim("POST", "/Users", userBody("Kim"));
      if (primary.status === 201) expect(primary.body.userName).toBe("Kim");
      else expectScimError(primary, 409, "uniqueness");
      const bare = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "kim"')}`);
      expect(bare.body.totalResults).toBe(1);
      expect(bare.body.Resources[0].id).not.toBe(res.body.id);
      expectScimError(await ctx.admin.scim("POST", "/Users", userBody("MySql/KIM")), 409, "uniqueness");
      // a user of the store signs in with the qualified name
      expect((await ctx.admin.as({ user: "MYSQL/kim", password: "kimwso2" }).scim("GET", "/Me")).body.id).toBe(res.body.id);
      // a user cannot be moved to another store by renaming
      expectScimError(await ctx.admin.scim("PUT", `/Users/${res.body.id}`, userBody("PRIMARY/kim2")), 400, "invalidValue");
    });

    it('accepts the manager as WSO2 writes it, {"managerId", "displayName"}: managerId is the manager\'s value', async () => {
      // WSO2's published create request, byte for byte; an earlier "kim" of this server makes way for it
      const published =
        '{"schemas":[],"name":{"familyName":"jackson","givenName":"kim"},"userName":"kim","password":"kimwso2","emails":[{"primary":true,"value":"kim.jackson@gmail.com","type":"home"},{"value":"kim_j@wso2.com","type":"work"}],"EnterpriseUser":{"manager":{"managerId":"111000","displayName":"Prabath"}}}';
      const earlier = await ctx.admin.scim("GET", `/Users?filter=${q('userName eq "kim"')}`);
      for (const u of earlier.body.Resources ?? []) expect((await ctx.admin.scim("DELETE", `/Users/${u.id}`)).status).toBe(204);
      const res = await ctx.admin.scim("POST", "/Users", published);
      expectScim(res, 201);
      expect(res.body).toMatchObject({ userName: "kim", name: { familyName: "jackson", givenName: "kim" }, [SCHEMAS.enterprise]: { manager: { value: "111000" } } });
      const got = await ctx.admin.scim("GET", `/Users/${res.body.id}`);
      expect(got.body[SCHEMAS.enterprise].manager.value).toBe("111000");
      const byManager = await ctx.admin.scim("GET", `/Users?filter=${q(`${SCHEMAS.enterprise}:manager.value eq "111000"`)}`);
      expect(byManager.body.Resources.map((u: { id: string }) => u.id)).toContain(res.body.id);
    });

    it("refuses a domain that does not exist with 400 invalidValue, and accepts it once created", async () => {
      const domain = unique("NEWDOM")
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "");
      const refused = await ctx.admin.scim("POST", "/Users", userBody(`${domain}/kim`));
      expectScimError(refused, 400, "invalidValue");
      expect(refused.body.detail).toContain(domain);
      await ensureUserStore(ctx.admin, domain);
      const created = await ctx.admin.scim("POST", "/Users", userBody(`${domain.toLowerCase()}/kim`));
      expectScim(created, 201);
      expect(created.body.userName).toBe(`${domain}/kim`);
    });
  });
});
