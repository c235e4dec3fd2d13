import { beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import { ConsoleClient } from "../../support/console-client";
import { ScimClient, type Json } from "../../support/scim-client";
import { PASSWORD, SCHEMAS, createGroup, createUser, expectScim, expectScimError, patchBody, putSetting, unique, useScimServer, userBody } from "./setup";

describe.each(DIALECTS)("SCIM authentication and authorisation on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  let plain: ScimClient;
  let plainUser: Json;

  beforeAll(async () => {
    // a user made in the console holds no role, so no SCIM permission
    const console = new ConsoleClient(ctx.server.baseUrl);
    expect(await console.signIn("admin", "admin")).toBeUndefined();
    const userName = unique("plain.user");
    const res = await console.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName, password: PASSWORD } });
    expect(res.status).toBe(201);
    plain = ctx.admin.as({ user: userName, password: PASSWORD });
    plainUser = (await plain.scim("GET", "/Me")).body;
    expect(plainUser.userName).toBe(userName);
  });

  it("answers a request without credentials with a SCIM 401 and WWW-Authenticate", async () => {
    for (const [method, path] of [
      ["GET", "/Users"],
      ["POST", "/Users"],
      ["GET", "/Groups"],
      ["GET", "/Me"],
      ["POST", "/Bulk"],
      ["GET", "/Roles"],
      ["GET", "/Nowhere"],
    ]) {
      const res = await ctx.admin.as(null).scim(method, path, method === "POST" ? userBody("x") : undefined);
      expectScimError(res, 401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    }
  });

  it("refuses wrong, unknown and malformed credentials with 401", async () => {
    expectScimError(await ctx.admin.as({ user: "admin", password: "wrong" }).scim("GET", "/Users"), 401);
    expectScimError(await ctx.admin.as({ user: "nobody-here", password: "whatever" }).scim("GET", "/Users"), 401);
    for (const authorization of ["Basic", "Basic !!!", `Basic ${Buffer.from("no-colon").toString("base64")}`, "Bearer not-a-token", "Digest abc", "admin:admin"]) {
      const res = await ctx.admin.scim("GET", "/Users", undefined, { authorization });
      expectScimError(res, 401);
      expect(res.headers.get("www-authenticate")).toContain("Basic");
    }
  });

  it("forbids every operation to a user without permissions with a SCIM 403", async () => {
    const victim = await createUser(ctx.admin, unique("victim"));
    const group = await createGroup(ctx.admin, unique("guarded"));
    const role = (await ctx.admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role], displayName: unique("guarded-role") })).body;
    const calls: [string, string, unknown?][] = [
      ["GET", "/Users"],
      ["GET", `/Users/${victim.id}`],
      ["POST", "/Users", userBody(unique("intruder"))],
      ["PUT", `/Users/${victim.id}`, userBody(victim.userName, { displayName: "pwned" })],
      ["PATCH", `/Users/${victim.id}`, patchBody({ op: "replace", path: "displayName", value: "pwned" })],
      ["DELETE", `/Users/${victim.id}`],
      ["POST", "/Users/.search", { schemas: [SCHEMAS.search] }],
      ["POST", "/.search", { schemas: [SCHEMAS.search] }],
      ["GET", "/Groups"],
      ["GET", `/Groups/${group.id}`],
      ["POST", "/Groups", { schemas: [SCHEMAS.group], displayName: unique("intruders") }],
      ["PUT", `/Groups/${group.id}`, { schemas: [SCHEMAS.group], displayName: "pwned" }],
      ["PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "members", value: [{ value: plainUser.id }] })],
      ["DELETE", `/Groups/${group.id}`],
      ["POST", "/Groups/.search", { schemas: [SCHEMAS.search] }],
      ["GET", "/Roles"],
      ["GET", `/Roles/${role.id}`],
      ["POST", "/Roles", { schemas: [SCHEMAS.role], displayName: unique("my-admin"), permissions: [{ value: "internal_user_mgt_list" }], users: [{ value: plainUser.id }] }],
      ["PATCH", `/Roles/${role.id}`, patchBody({ op: "add", path: "users", value: [{ value: plainUser.id }] })],
      ["PUT", `/Roles/${role.id}`, { schemas: [SCHEMAS.role], displayName: role.displayName, users: [{ value: plainUser.id }] }],
      ["DELETE", `/Roles/${role.id}`],
      ["GET", "/v2/Roles"],
    ];
    for (const [method, path, body] of calls) {
      const res = await plain.scim(method, path, body as Json);
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(403);
      expectScimError(res, 403);
    }
    // nothing was changed along the way
    expect((await ctx.admin.scim("GET", `/Users/${victim.id}`)).body.meta.version).toBe('W/"1"');
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`)).body.meta.version).toBe('W/"1"');
    expect((await ctx.admin.scim("GET", `/Roles/${role.id}`)).body.users).toEqual([]);

    const bulk = await plain.scim("POST", "/Bulk", {
      schemas: [SCHEMAS.bulkRequest],
      Operations: [
        { method: "DELETE", path: `/Users/${victim.id}` },
        { method: "PATCH", path: `/Groups/${group.id}`, data: patchBody({ op: "add", path: "members", value: [{ value: plainUser.id }] }) },
      ],
    });
    expectScim(bulk, 200);
    expect(bulk.body.Operations.map((o: Json) => o.status)).toEqual(["403", "403"]);
    expect((await ctx.admin.scim("GET", `/Users/${victim.id}`)).status).toBe(200);
  });

  it("lets a plain user read and change their own account through /Me", async () => {
    const userName = unique("me.user");
    await createUser(ctx.admin, userName, { password: PASSWORD, title: "Intern" });
    const me = ctx.admin.as({ user: userName, password: PASSWORD });
    const got = await me.scim("GET", "/Me");
    expectScim(got, 200);
    expect(got.body).toMatchObject({ userName, title: "Intern", meta: { resourceType: "User", version: 'W/"1"' } });
    expect(got.headers.get("etag")).toBe('W/"1"');
    expect(got.body).not.toHaveProperty("password");

    const patched = await me.scim(
      "PATCH",
      "/Me",
      patchBody({ op: "replace", path: "displayName", value: "Me Myself" }, { op: "add", path: "emails", value: [{ value: "me@example.com", type: "work" }] }),
    );
    expectScim(patched, 200);
    expect(patched.body).toMatchObject({ id: got.body.id, displayName: "Me Myself", emails: [{ value: "me@example.com", type: "work" }], meta: { version: 'W/"2"' } });

    // read-only attributes stay out of reach: a user cannot put themselves into a group
    const group = await createGroup(ctx.admin, unique("me-group"));
    const sneaky = await me.scim("PATCH", "/Me", patchBody({ op: "add", path: "groups", value: [{ value: group.id }] }));
    expectScimError(sneaky, 400, "mutability");
    const put = await me.scim("PUT", "/Me", { ...patched.body, groups: [{ value: group.id }], nickName: "memyself", password: "my new password" });
    expectScim(put, 200);
    expect(put.body.nickName).toBe("memyself");
    expect(put.body.groups).toBeUndefined();
    expect((await ctx.admin.scim("GET", `/Groups/${group.id}`)).body.members ?? []).toEqual([]);
    expectScimError(await me.scim("GET", "/Me"), 401);
    const renewed = ctx.admin.as({ user: userName, password: "my new password" });
    expect((await renewed.scim("GET", "/Me")).body.nickName).toBe("memyself");
    // /Me grants nothing beyond the account itself
    expectScimError(await renewed.scim("GET", "/Users"), 403);
    expectScimError(await renewed.scim("POST", "/Me", userBody(unique("twin"))), 405);
    expectScimError(await ctx.admin.as(null).scim("GET", "/Me"), 401);
  });

  it("allows self-registration through POST /Me only when enabled", async () => {
    const userName = unique("self.reg");
    const body = userBody(userName, { password: PASSWORD, emails: [{ value: "self@example.com", type: "home" }] });
    const anonymous = ctx.admin.as(null);
    const off = await anonymous.scim("POST", "/Me", body);
    expectScimError(off, 403);

    await putSetting(ctx.admin, "selfRegistration", { enabled: true });
    try {
      const on = await anonymous.scim("POST", "/Me", body);
      expectScim(on, 201);
      expect(on.body).toMatchObject({ userName, emails: [{ value: "self@example.com", type: "home" }] });
      expect(on.headers.get("location")).toBe(`${ctx.server.baseUrl}/scim2/Users/${on.body.id}`);
      expect(on.text).not.toContain(PASSWORD);
      const self = ctx.admin.as({ user: userName, password: PASSWORD });
      expect((await self.scim("GET", "/Me")).body.id).toBe(on.body.id);
      expectScimError(await self.scim("GET", "/Users"), 403);
      expectScimError(await anonymous.scim("POST", "/Me", body), 409, "uniqueness");
      expectScimError(await anonymous.scim("POST", "/Me", "{not json"), 400, "invalidSyntax");
    } finally {
      await putSetting(ctx.admin, "selfRegistration", { enabled: false });
    }
    expectScimError(await anonymous.scim("POST", "/Me", userBody(unique("late"), { password: PASSWORD })), 403);
  });

  it("locks an account after the configured number of failed Basic sign-ins", async () => {
    const userName = unique("lock.me");
    const user = await createUser(ctx.admin, userName, { password: PASSWORD });
    await putSetting(ctx.admin, "accountLock", { enabled: true, maxFailedAttempts: 3, lockMinutes: 5 });
    try {
      const right = ctx.admin.as({ user: userName, password: PASSWORD });
      // a successful sign-in first, so a remembered credential has to give way to the lock
      expect((await right.scim("GET", "/Me")).status).toBe(200);
      const wrong = ctx.admin.as({ user: userName, password: "not the password" });
      for (let i = 0; i < 3; i++) expectScimError(await wrong.scim("GET", "/Me"), 401);
      const locked = await right.scim("GET", "/Me");
      expectScimError(locked, 401);
      expect(locked.body.detail).toMatch(/locked/i);
      expect(locked.headers.get("www-authenticate")).toContain("Basic");

      // an administrator setting a new password unlocks the account
      const reset = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "password", value: "brand new password" }));
      expectScim(reset, 200);
      expect((await ctx.admin.as({ user: userName, password: "brand new password" }).scim("GET", "/Me")).status).toBe(200);
      expectScimError(await right.scim("GET", "/Me"), 401);
    } finally {
      await putSetting(ctx.admin, "accountLock", { enabled: true, maxFailedAttempts: 5, lockMinutes: 15 });
    }
  });

  it("refuses deactivated and deleted users at once, even with remembered credentials", async () => {
    const userName = unique("leaver");
    const user = await createUser(ctx.admin, userName, { password: PASSWORD });
    const client = ctx.admin.as({ user: userName, password: PASSWORD });
    expect((await client.scim("GET", "/Me")).status).toBe(200);
    await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "active", value: false }));
    expectScimError(await client.scim("GET", "/Me"), 401);
    await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "active", value: true }));
    expect((await client.scim("GET", "/Me")).status).toBe(200);
    expect((await client.scim("DELETE", "/Me")).status).toBe(204);
    expectScimError(await client.scim("GET", "/Me"), 401);
    expectScimError(await ctx.admin.scim("GET", `/Users/${user.id}`), 404);
  });
});
