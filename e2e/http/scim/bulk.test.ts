import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { PASSWORD, SCHEMAS, createUser, expectScim, expectScimError, patchBody, q, unique, useScimServer, userBody } from "./setup";

const bulk = (Operations: unknown[], extra: Record<string, unknown> = {}) => ({ schemas: [SCHEMAS.bulkRequest], Operations, ...extra });

describe.each(DIALECTS)("SCIM Bulk on %s", (dialect) => {
  const ctx = useScimServer(dialect);

  const findUser = async (userName: string) => (await ctx.admin.scim("GET", `/Users?filter=${q(`userName eq "${userName}"`)}`)).body.Resources as Json[];

  it("resolves bulkId references, also to a user created after the group that lists it", async () => {
    const [u1, u2, g1] = [unique("bulk.one"), unique("bulk.two"), unique("bulk-group")];
    const res = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk([
        { method: "POST", path: "/Groups", bulkId: "g1", data: { schemas: [SCHEMAS.group], displayName: g1, members: [{ value: "bulkId:u1" }, { value: "bulkId:u2", type: "User" }] } },
        { method: "POST", path: "/Users", bulkId: "u1", data: userBody(u1, { password: PASSWORD }) },
        { method: "POST", path: "/Users", bulkId: "u2", data: userBody(u2, { [SCHEMAS.enterprise]: { manager: { value: "bulkId:u1" } } }) },
        { method: "PATCH", path: "/Users/bulkId:u1", data: patchBody({ op: "replace", path: "displayName", value: "First" }) },
        { method: "PUT", path: "/Users/bulkId:u2", version: 'W/"1"', data: userBody(u2, { displayName: "Second", [SCHEMAS.enterprise]: { manager: { value: "bulkId:u1" } } }) },
      ]),
    );
    expectScim(res, 200);
    expect(res.body.schemas).toEqual([SCHEMAS.bulkResponse]);
    const ops: Json[] = res.body.Operations;
    expect(ops.map((o) => [o.method, o.bulkId, o.status])).toEqual([
      ["POST", "g1", "201"],
      ["POST", "u1", "201"],
      ["POST", "u2", "201"],
      ["PATCH", undefined, "200"],
      ["PUT", undefined, "200"],
    ]);
    const [group, one, two] = ops.map((o) => o.location?.slice(o.location.lastIndexOf("/") + 1));
    expect(ops[0].location).toBe(`${ctx.server.baseUrl}/scim2/Groups/${group}`);
    expect(ops[1].location).toBe(`${ctx.server.baseUrl}/scim2/Users/${one}`);
    expect(ops[1].version).toBe('W/"1"');
    expect(ops[3].version).toBe('W/"2"');
    expect(ops[4].version).toBe('W/"2"');

    const groupRes = await ctx.admin.scim("GET", `/Groups/${group}`);
    expect(groupRes.body.displayName).toBe(g1);
    expect(groupRes.body.members.map((m: Json) => m.value).sort()).toEqual([one, two].sort());
    const second = await ctx.admin.scim("GET", `/Users/${two}`);
    expect(second.body).toMatchObject({ userName: u2, displayName: "Second", [SCHEMAS.enterprise]: { manager: { value: one } } });
    expect((await ctx.admin.scim("GET", `/Users/${one}`)).body.displayName).toBe("First");
    // each operation ran with the caller's rights and the handlers' own rules: the password works
    expect((await ctx.admin.as({ user: u1, password: PASSWORD }).scim("GET", "/Me")).body.id).toBe(one);
  });

  it("reports a bulkId that never resolves as an error of that operation only", async () => {
    const ok = unique("bulk.ok");
    const res = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk([
        { method: "POST", path: "/Groups", bulkId: "g", data: { schemas: [SCHEMAS.group], displayName: unique("bulk-dangling"), members: [{ value: "bulkId:nobody" }] } },
        { method: "POST", path: "/Users", bulkId: "ok", data: userBody(ok) },
        { method: "PATCH", path: "/Users/bulkId:missing", data: patchBody({ op: "replace", path: "displayName", value: "x" }) },
      ]),
    );
    expectScim(res, 200);
    const [dangling, created, patch] = res.body.Operations;
    expect(created).toMatchObject({ bulkId: "ok", status: "201" });
    for (const failed of [dangling, patch]) {
      expect(Number(failed.status)).toBeGreaterThanOrEqual(400);
      expect(failed.response).toMatchObject({ schemas: [SCHEMAS.error], status: failed.status, scimType: "invalidValue" });
    }
    expect(dangling.bulkId).toBe("g");
    expect(await findUser(ok)).toHaveLength(1);
  });

  it("fails operations that depend on a failed one, and circular references", async () => {
    const name = unique("bulk.dup");
    await createUser(ctx.admin, name);
    const res = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk([
        { method: "POST", path: "/Users", bulkId: "dup", data: userBody(name) },
        { method: "POST", path: "/Groups", bulkId: "needs-dup", data: { schemas: [SCHEMAS.group], displayName: unique("bulk-dep"), members: [{ value: "bulkId:dup" }] } },
        { method: "POST", path: "/Groups", bulkId: "a", data: { schemas: [SCHEMAS.group], displayName: unique("bulk-a"), externalId: "bulkId:b" } },
        { method: "POST", path: "/Groups", bulkId: "b", data: { schemas: [SCHEMAS.group], displayName: unique("bulk-b"), externalId: "bulkId:a" } },
      ]),
    );
    expectScim(res, 200);
    const byId = Object.fromEntries(res.body.Operations.map((o: Json) => [o.bulkId, o]));
    expect(byId.dup).toMatchObject({ status: "409", response: { scimType: "uniqueness" } });
    for (const id of ["needs-dup", "a", "b"]) {
      expect(byId[id].status, id).toBe("409");
      expect(byId[id].response.schemas).toEqual([SCHEMAS.error]);
    }
  });

  it("stops after failOnErrors errors", async () => {
    const taken = unique("bulk.taken");
    await createUser(ctx.admin, taken);
    const [after1, after2] = [unique("bulk.after"), unique("bulk.after")];
    const res = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk(
        [
          { method: "POST", path: "/Users", bulkId: "a", data: userBody(taken) },
          { method: "POST", path: "/Users", bulkId: "b", data: userBody(after1) },
          { method: "DELETE", path: "/Users/00000000-0000-4000-8000-000000000000" },
          { method: "POST", path: "/Users", bulkId: "c", data: userBody(after2) },
        ],
        { failOnErrors: 2 },
      ),
    );
    expectScim(res, 200);
    expect(res.body.Operations.map((o: Json) => o.status)).toEqual(["409", "201", "404"]);
    expect(await findUser(after1)).toHaveLength(1);
    expect(await findUser(after2)).toHaveLength(0);

    const first = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk(
        [
          { method: "POST", path: "/Users", bulkId: "a", data: userBody(taken) },
          { method: "POST", path: "/Users", bulkId: "b", data: userBody(after2) },
        ],
        { failOnErrors: 1 },
      ),
    );
    expect(first.body.Operations).toHaveLength(1);
    expect(await findUser(after2)).toHaveLength(0);
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "DELETE", path: "/Users/x" }], { failOnErrors: 0 })), 400, "invalidValue");
  });

  it("applies If-Match versions and each handler's checks per operation", async () => {
    const user = await createUser(ctx.admin, unique("bulk.versioned"));
    const res = await ctx.admin.scim(
      "POST",
      "/Bulk",
      bulk([
        { method: "PATCH", path: `/Users/${user.id}`, version: 'W/"5"', data: patchBody({ op: "replace", path: "displayName", value: "x" }) },
        { method: "PATCH", path: `/Users/${user.id}`, data: patchBody({ op: "replace", path: "nosuch", value: "x" }) },
        { method: "POST", path: "/Users", bulkId: "bad", data: { schemas: [SCHEMAS.user], userName: 42 } },
        { method: "POST", path: "/Nowhere", bulkId: "nowhere", data: {} },
        { method: "POST", path: "/Bulk", bulkId: "nested", data: bulk([]) },
        { method: "DELETE", path: `/Users/${user.id}`, version: 'W/"1"' },
      ]),
    );
    expectScim(res, 200);
    const ops: Json[] = res.body.Operations;
    expect(ops.map((o) => o.status)).toEqual(["412", "400", "400", "404", "400", "204"]);
    expect(ops[1].response.scimType).toBe("invalidPath");
    expect(ops[2].response.scimType).toBe("invalidValue");
    for (const o of ops.slice(0, 5)) expect(o.response.schemas).toEqual([SCHEMAS.error]);
    expectScimError(await ctx.admin.scim("GET", `/Users/${user.id}`), 404);
  });

  it("runs each operation with the caller's permissions", async () => {
    const name = unique("bulk.plain");
    await createUser(ctx.admin, name, { password: PASSWORD });
    const res = await ctx.admin.as({ user: name, password: PASSWORD }).scim("POST", "/Bulk", bulk([{ method: "POST", path: "/Users", bulkId: "x", data: userBody(unique("bulk.sneaky")) }]));
    expectScim(res, 200);
    expect(res.body.Operations[0]).toMatchObject({ status: "403", response: { schemas: [SCHEMAS.error], status: "403" } });
  });

  it("refuses more operations than maxOperations, and bodies over maxPayloadSize, with 413", async () => {
    const ops = Array.from({ length: 1001 }, () => ({ method: "DELETE", path: "/Users/00000000-0000-4000-8000-000000000000" }));
    const many = await ctx.admin.scim("POST", "/Bulk", bulk(ops));
    expectScimError(many, 413);
    expect(many.body.detail).toContain("1000");

    const bigName = unique("big");
    const big = await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "POST", path: "/Users", bulkId: "big", data: userBody(bigName, { nickName: "x".repeat(1_100_000) }) }]));
    expectScimError(big, 413);
    expect(await findUser(bigName)).toHaveLength(0);
  });

  it("refuses malformed bulk requests", async () => {
    expectScimError(await ctx.admin.scim("POST", "/Bulk", { Operations: [{ method: "DELETE", path: "/Users/x" }] }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "GET", path: "/Users" }])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "POST", path: "/Users", data: userBody("nobulkid") }])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "POST", path: "Users", bulkId: "x", data: {} }])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([{ method: "PATCH", path: "/Users/x" }])), 400, "invalidSyntax");
    expectScimError(
      await ctx.admin.scim(
        "POST",
        "/Bulk",
        bulk([
          { method: "POST", path: "/Users", bulkId: "same", data: userBody("a1") },
          { method: "POST", path: "/Users", bulkId: "same", data: userBody("a2") },
        ]),
      ),
      400,
      "invalidSyntax",
    );
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk(["not an object"])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Bulk", bulk([null])), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("GET", "/Bulk"), 405);
  });
});
