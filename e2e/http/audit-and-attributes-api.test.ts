import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ScimClient, SCHEMAS, type Json, type ScimResponse } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

const ATTRIBUTES = "/api/server/v1/schemas/custom-user/attributes";
const AUDIT = "/api/server/v1/audit-events";

let serial = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(serial++).toString(36)}`;

function expectStatus(res: ScimResponse, status: number) {
  expect({ status: res.status, body: res.body }, res.text).toMatchObject({ status });
}

describe.each(DIALECTS)("custom attributes and the audit log through the admin API on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ScimClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  const customSchema = async () => {
    const res = await new ScimClient(server.baseUrl).scim("GET", `/Schemas/${SCHEMAS.custom}`);
    expectStatus(res, 200);
    return Object.fromEntries((res.body.attributes as Json[]).map((a) => [a.name, a]));
  };
  const define = async (definition: Json) => {
    const res = await admin.api("POST", ATTRIBUTES, definition);
    expectStatus(res, 201);
    return res.body;
  };
  const userWith = async (custom: Json) => {
    const res = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user, SCHEMAS.custom], userName: unique("holder"), [SCHEMAS.custom]: custom });
    expectStatus(res, 201);
    return res.body;
  };

  it("changes a definition and /scim2/Schemas shows it at once", async () => {
    const name = unique("badge");
    await define({ name, type: "string", description: "before" });
    expect((await customSchema())[name]).toMatchObject({ description: "before", required: false });

    const changed = await admin.api("PUT", `${ATTRIBUTES}/${name.toUpperCase()}`, {
      name,
      type: "string",
      multiValued: true,
      required: false,
      caseExact: true,
      mutability: "immutable",
      returned: "always",
      uniqueness: "server",
      description: "after",
      canonicalValues: ["red", "green"],
    });
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({ name, multiValued: true, caseExact: true, mutability: "immutable", returned: "always", uniqueness: "server", description: "after" });
    expect((await customSchema())[name]).toMatchObject({
      multiValued: true,
      caseExact: true,
      mutability: "immutable",
      returned: "always",
      uniqueness: "server",
      description: "after",
      canonicalValues: ["red", "green"],
    });
  });

  it("refuses what would break values users hold with 409 and says why, and counts the holders", async () => {
    const name = unique("floor");
    await define({ name, type: "string", multiValued: true });
    await userWith({ [name]: ["one", "two"] });
    await userWith({ [name]: ["three"] });

    const read = await admin.api("GET", `${ATTRIBUTES}/${name}`);
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ name, usersWithValue: 2 });

    const retype = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name, type: "integer", multiValued: true });
    expectStatus(retype, 409);
    expect(retype.body.message).toBe(`The type of "${name}" cannot change while 2 users hold a value; delete the attribute (and its values) to redefine it`);
    expect(retype.body.fieldErrors).toEqual({ type: retype.body.message });

    const single = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name, type: "string", multiValued: false });
    expectStatus(single, 409);
    expect(single.body.message).toContain("cannot become single-valued while 1 user holds several values");

    const canonical = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name, type: "string", multiValued: true, canonicalValues: ["one", "two"] });
    expectStatus(canonical, 409);
    expect(canonical.body.message).toContain(`must include the values users hold: "three"`);

    // what only applies to later writes may change
    const described = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name, type: "string", multiValued: true, description: "Floors", canonicalValues: ["one", "two", "three"] });
    expectStatus(described, 200);
  });

  it("answers bad input with 400 and the field, an unknown attribute with 404, a rename with 400", async () => {
    const name = unique("dept");
    await define({ name });
    const badType = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name, type: "colour" });
    expectStatus(badType, 400);
    expect(Object.keys(badType.body.fieldErrors)).toEqual(["type"]);
    const notJson = await admin.api("PUT", `${ATTRIBUTES}/${name}`, "{ not json");
    expectStatus(notJson, 400);
    const rename = await admin.api("PUT", `${ATTRIBUTES}/${name}`, { name: "other" });
    expectStatus(rename, 400);
    expect(rename.body.fieldErrors.name).toContain("cannot be renamed");
    expectStatus(await admin.api("PUT", `${ATTRIBUTES}/nosuch${name}`, { name: `nosuch${name}` }), 404);
    expectStatus(await admin.api("GET", `${ATTRIBUTES}/nosuch${name}`), 404);
  });

  it("deletes an attribute given in any case with every user's value of it", async () => {
    const name = unique("gone");
    await define({ name });
    const holder = await userWith({ [name]: "x" });
    expectStatus(await admin.api("DELETE", `${ATTRIBUTES}/${name.toUpperCase()}`), 204);
    expect((await customSchema())[name]).toBeUndefined();
    // defined again, the old value does not come back
    await define({ name });
    const read = await admin.scim("GET", `/Users/${holder.id}`);
    expect(read.body[SCHEMAS.custom]?.[name]).toBeUndefined();
    expect((await admin.api("GET", `${ATTRIBUTES}/${name}`)).body.usersWithValue).toBe(0);
  });

  it("lists the changes newest first, filtered, one keyset page at a time", async () => {
    // earlier tests created users too: this one reads from its own start (the server runs on this machine's clock)
    const since = new Date(Date.now() - 1).toISOString();
    const names = [unique("audit-a"), unique("audit-b"), unique("audit-c")];
    const ids: string[] = [];
    for (const userName of names) ids.push((await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName })).body.id);
    const attribute = unique("audited");
    await define({ name: attribute });

    const first = await admin.api("GET", `${AUDIT}?channel=scim&action=user.create&from=${since}&count=2`);
    expectStatus(first, 200);
    expect(first.body.items.map((e: Json) => e.summary)).toEqual([names[2], names[1]]);
    expect(first.body.items[0]).toMatchObject({ actor: "admin", channel: "scim", action: "user.create", targetType: "User", targetId: ids[2] });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.api("GET", `${AUDIT}?channel=scim&action=user.create&from=${since}&count=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: Json) => e.summary)).toEqual([names[0]]);
    expect(second.body.nextCursor).toBeNull();

    const one = await admin.api("GET", `${AUDIT}?targetType=User&targetId=${ids[1]}`);
    expect(one.body.items.map((e: Json) => e.action)).toEqual(["user.create"]);
    const byActor = await admin.api("GET", `${AUDIT}?actor=admin&targetType=CustomAttribute&targetId=${attribute}`);
    expect(byActor.body.items).toMatchObject([{ action: "attribute.create", channel: "api" }]);

    const at = Date.parse(first.body.items[1].at);
    const window = await admin.api("GET", `${AUDIT}?action=user.create&from=${new Date(at).toISOString()}&to=${new Date(at + 1).toISOString()}`);
    expect(window.body.items.map((e: Json) => e.targetId)).toContain(ids[1]);
    expect(window.body.items.map((e: Json) => e.targetId)).not.toContain(ids[0]);
    expect((await admin.api("GET", `${AUDIT}?actor=nobody-${attribute}`)).body).toEqual({ items: [], nextCursor: null });
  });

  it.each([
    ["an unknown channel", "channel=fax", "channel", "Expected one of console, scim, api, system, jit, oauth"],
    ["a date that is not one", "from=yesterday", "from", "Expected a date and time such as 2025-01-31T00:00:00Z"],
    ["a count out of range", "count=1000", "count", ""],
    ["a count that is not a number", "count=many", "count", "count must be a number"],
    ["a forged cursor", "cursor=abc", "cursor", "cursor is not one this server gave out; start again from the first page"],
    ["an empty time range", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "from", "from must be before to"],
  ])("refuses %s with 400 naming the parameter", async (_, query, field, message) => {
    const res = await admin.api("GET", `${AUDIT}?${query}`);
    expectStatus(res, 400);
    expect(Object.keys(res.body.fieldErrors)).toEqual([field]);
    if (message) expect(res.body.fieldErrors[field]).toBe(message);
  });
});
