import { beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { SCHEMAS, createGroup, createUser, expectScim, expectScimError, patchBody, q, unique, useScimServer, userBody } from "./setup";

describe.each(DIALECTS)("SCIM answers to bad input on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  let user: Json;
  let group: Json;

  beforeAll(async () => {
    user = await createUser(ctx.admin, unique("target"), { displayName: "Target", emails: [{ value: "t@example.com", type: "work" }] });
    group = await createGroup(ctx.admin, unique("target-group"), [user.id]);
  });

  /** every write endpoint, for checks that hold for all of them */
  const writes = (): [string, string][] => [
    ["POST", "/Users"],
    ["PUT", `/Users/${user.id}`],
    ["PATCH", `/Users/${user.id}`],
    ["POST", "/Groups"],
    ["PUT", `/Groups/${group.id}`],
    ["PATCH", `/Groups/${group.id}`],
    ["POST", "/Users/.search"],
    ["POST", "/Groups/.search"],
    ["POST", "/.search"],
    ["POST", "/Bulk"],
    ["POST", "/Roles"],
    ["PATCH", "/Me"],
  ];

  it("refuses malformed JSON, empty bodies and non-object bodies with 400 invalidSyntax", async () => {
    for (const [method, path] of writes()) {
      for (const body of ["{not json", '{"userName": "x",}', "", "   ", "[]", '"text"', "null", "42", '{"a": 1} trailing']) {
        const res = await ctx.admin.scim(method, path, body);
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}: ${res.text}`).toBe(400);
        expectScimError(res, 400, "invalidSyntax");
      }
    }
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).body.meta.version).toBe('W/"1"');
  });

  it("refuses values of the wrong type with 400 invalidValue", async () => {
    const bodies: Record<string, unknown>[] = [
      { userName: 42 },
      { userName: ["a"] },
      { userName: "ok", active: "yes" },
      { userName: "ok", active: 1 },
      { userName: "ok", emails: "a@example.com" },
      { userName: "ok", emails: [{ value: 1 }] },
      { userName: "ok", emails: [{ value: "a@example.com", primary: "maybe" }] },
      { userName: "ok", emails: [{ value: "a@example.com", nosub: "x" }] },
      { userName: "ok", name: "Bob Jones" },
      { userName: "ok", name: { givenName: { first: "Bob" } } },
      { userName: "ok", displayName: {} },
      { userName: "ok", displayName: false },
      { userName: "ok", password: 12345678 },
      { userName: "ok", password: "short" },
      { userName: "ok", [SCHEMAS.enterprise]: "Sales" },
      { userName: "ok", [SCHEMAS.enterprise]: { manager: 5 } },
      { userName: "ok", [SCHEMAS.enterprise]: { employeeNumber: 1234 } },
      { userName: "ok", addresses: [{ type: "work", streetAddress: ["1 Main St"] }] },
      { userName: "x".repeat(300) },
      { userName: "tab\there" },
    ];
    for (const body of bodies) {
      const res = await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], ...body });
      expect(res.status, `${JSON.stringify(body).slice(0, 120)}: ${res.text}`).toBe(400);
      expectScimError(res, 400, "invalidValue");
    }
    for (const body of [
      { displayName: 42 },
      { displayName: "ok", members: "x" },
      { displayName: "ok", members: [{ value: 5 }] },
      { displayName: "ok", members: [{ value: user.id, type: "Group" }] },
    ]) {
      const res = await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], ...body });
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).toBe(400);
      expectScimError(res, 400, "invalidValue");
    }
    // numbers JSON cannot represent exactly are not integers
    expectScimError(await ctx.admin.scim("POST", "/Users", `{"schemas":["${SCHEMAS.user}"],"userName":"n","active":1e999}`), 400, "invalidValue");
  });

  it("refuses unknown attributes and names them", async () => {
    for (const body of [
      { favouriteColour: "blue" },
      { name: { nickname: "x" } },
      { "urn:example:params:scim:schemas:extension:acme:2.0:User": { badge: "1" } },
      { [`${SCHEMAS.enterprise}:shoeSize`]: 44 },
    ]) {
      const res = await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("unknown"), ...body });
      expectScimError(res, 400, "invalidValue");
      expect(res.body.detail).toMatch(/unknown/i);
    }
    expectScimError(await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: unique("g"), owner: "me" }), 400, "invalidValue");
  });

  it("ignores read-only attributes a client sends", async () => {
    const res = await ctx.admin.scim("POST", "/Users", {
      schemas: [SCHEMAS.user],
      id: "chosen-by-client",
      userName: unique("readonly"),
      groups: [{ value: group.id, display: "sneaked in" }],
      meta: { resourceType: "Group", version: 'W/"99"', created: "2000-01-01T00:00:00Z", location: "https://evil.example/x" },
    });
    expectScim(res, 201);
    expect(res.body.id).not.toBe("chosen-by-client");
    expect(res.body.meta).toMatchObject({ resourceType: "User", version: 'W/"1"', location: `${ctx.server.baseUrl}/scim2/Users/${res.body.id}` });
    expect(res.body.meta.created).not.toBe("2000-01-01T00:00:00Z");
    expect(res.body).not.toHaveProperty("groups");
    const groupNow = await ctx.admin.scim("GET", `/Groups/${group.id}`);
    expect(groupNow.body.members.map((m: Json) => m.value)).toEqual([user.id]);
    // PATCH changing them is refused rather than ignored (RFC 7644 section 3.5.2)
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${res.body.id}`, patchBody({ op: "replace", path: "id", value: "new-id" })), 400, "mutability");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${res.body.id}`, patchBody({ op: "replace", path: "meta.created", value: "2000-01-01T00:00:00Z" })), 400, "mutability");
  });

  it("refuses bodies without their schemas", async () => {
    expectScimError(await ctx.admin.scim("POST", "/Users", { userName: unique("noschemas") }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: SCHEMAS.user, userName: unique("noschemas") }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [42], userName: unique("noschemas") }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PUT", `/Users/${user.id}`, { userName: user.userName }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Groups", { displayName: unique("noschemas") }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, { Operations: [{ op: "replace", path: "displayName", value: "x" }] }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, { schemas: [SCHEMAS.user], Operations: [{ op: "replace", path: "displayName", value: "x" }] }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, { schemas: [SCHEMAS.patch] }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, { schemas: [SCHEMAS.patch], Operations: [] }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, { schemas: [SCHEMAS.patch], Operations: {} }), 400, "invalidSyntax");
  });

  it("refuses bodies over 1 MiB with 413, and deeply nested ones with 400", async () => {
    const big = { schemas: [SCHEMAS.user], userName: unique("big"), displayName: "x".repeat(1_048_577) };
    for (const [method, path] of [
      ["POST", "/Users"],
      ["PUT", `/Users/${user.id}`],
      ["PATCH", `/Users/${user.id}`],
      ["POST", "/Groups"],
      ["POST", "/Users/.search"],
      ["POST", "/Bulk"],
    ]) {
      expectScimError(await ctx.admin.scim(method, path, big), 413);
    }
    let nested: unknown = "deep";
    for (let i = 0; i < 40; i++) nested = { a: nested };
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("deep"), name: nested }), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Users", "[".repeat(100_000) + "]".repeat(100_000)), 400, "invalidSyntax");
    expectScimError(await ctx.admin.scim("POST", "/Users", `{"a":${"[".repeat(200_000)}`), 400, "invalidSyntax");
    expect((await ctx.admin.scim("GET", "/ServiceProviderConfig")).status).toBe(200);
  });

  it("refuses PATCH paths that name nothing with invalidPath, and remove without a path with noTarget", async () => {
    for (const path of [
      "nosuch",
      "name..givenName",
      "emails[type eq]",
      'emails[type eq "work"',
      'emails[nosub eq "x"].value',
      'emails[type eq "work"].nosub',
      "name.nosub",
      'displayName[value eq "x"]',
      `${SCHEMAS.enterprise}:nosuch`,
      "urn:example:nothing:attr",
      "",
      "   ",
      "groups.value.extra",
    ]) {
      const res = await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path, value: "x" }));
      expect(res.status, `${JSON.stringify(path)}: ${res.text}`).toBe(400);
      expectScimError(res, 400, "invalidPath");
    }
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: 42, value: "x" })), 400, "invalidPath");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "remove", path: 'members[display eq "x"]' })), 400, "invalidPath");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "add", path: "nosuch", value: "x" })), 400, "invalidPath");

    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "remove" })), 400, "noTarget");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "remove", value: { displayName: "Target" } })), 400, "noTarget");
    expectScimError(await ctx.admin.scim("PATCH", `/Groups/${group.id}`, patchBody({ op: "Remove", value: [{ value: user.id }] })), 400, "noTarget");
    // replace on a filter that matches nothing and cannot create an element has no target either
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: 'emails[value eq "none@example.com"].type', value: "home" })), 400, "noTarget");

    for (const op of [{ op: "copy", path: "displayName", value: "x" }, { path: "displayName", value: "x" }, { op: 1 }, "replace"]) {
      expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody(op as Record<string, unknown>)), 400, "invalidSyntax");
    }
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "add", path: "displayName" })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "add", value: "not an object" })), 400, "invalidValue");
    const after = await ctx.admin.scim("GET", `/Users/${user.id}`);
    expect(after.body.meta.version).toBe('W/"1"');
  });

  it("refuses media types other than JSON with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"]) {
      const res = await ctx.admin.scim("POST", "/Users", JSON.stringify(userBody(unique("media"))), { "content-type": type });
      expect(res.status, `${type}: ${res.text}`).toBe(415);
      expectScimError(res, 415);
    }
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, JSON.stringify(patchBody({ op: "replace", path: "title", value: "x" })), { "content-type": "text/plain" }), 415);
    // both JSON media types are accepted, with parameters
    expectScim(await ctx.admin.scim("POST", "/Users", userBody(unique("json")), { "content-type": "application/json" }), 201);
    expectScim(await ctx.admin.scim("POST", "/Users", userBody(unique("charset")), { "content-type": "application/scim+json; charset=utf-8" }), 201);
    expectScim(await ctx.admin.scim("POST", "/Users", userBody(unique("upper")), { "content-type": "Application/SCIM+JSON" }), 201);
  });

  it("answers unknown endpoints with a SCIM 404", async () => {
    for (const path of ["/Nowhere", "/Users/x/y", `/Users/${user.id}/groups`, "/Groups/a/b", "/Me/extra", "/Bulk/1", "/v2/Nowhere", "/v2/Roles/a/b", "/ServiceProviderConfig/x", "/Schemas/a/b/c"]) {
      const res = await ctx.admin.scim("GET", path);
      expect(res.status, `${path}: ${res.text}`).toBe(404);
      expectScimError(res, 404);
    }
    expectScimError(await ctx.admin.scim("GET", "/Users/not-a-uuid"), 404);
    expectScimError(await ctx.admin.scim("GET", `/Users/${encodeURIComponent("../Groups")}`), 404);
  });

  it("answers methods an endpoint does not support with a SCIM 405", async () => {
    const calls: [string, string][] = [
      ["PUT", "/Users"],
      ["PATCH", "/Users"],
      ["DELETE", "/Users"],
      ["POST", `/Users/${user.id}`],
      ["GET", "/Users/.search"],
      ["DELETE", "/Users/.search"],
      ["PUT", "/Groups"],
      ["DELETE", "/Groups"],
      ["POST", `/Groups/${group.id}`],
      ["GET", "/Groups/.search"],
      ["GET", "/Bulk"],
      ["PUT", "/Bulk"],
      ["DELETE", "/Bulk"],
      ["GET", "/.search"],
      ["DELETE", "/.search"],
      ["POST", "/Me"],
      ["PUT", "/Roles"],
      ["DELETE", "/Roles"],
      ["POST", `/Roles/00000000-0000-4000-8000-000000000000`],
      ["PUT", "/ServiceProviderConfig"],
      ["OPTIONS", "/Users"],
    ];
    for (const [method, path] of calls) {
      const res = await ctx.admin.scim(method, path, method === "GET" || method === "DELETE" || method === "OPTIONS" ? undefined : {});
      expect(res.status, `${method} ${path}: ${res.text}`).toBe(405);
      expectScimError(res, 405);
    }
  });

  it("stays consistent on control characters, odd Unicode and extreme numbers", async () => {
    // U+0000 is refused alike on both databases, wherever it hides
    expectScimError(await ctx.admin.scim("POST", "/Users", userBody(unique("nul"), { displayName: "a\u0000b" })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Users", userBody("a\u0000b")), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("nulkey"), "name\u0000": "x" }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: 'emails[value eq "\u0000"].type', value: "x" })), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "\u0000" }), 400, "invalidValue");
    for (const filter of ['userName eq "a\u0000b"', 'displayName co "\u0000"', `${SCHEMAS.enterprise}:department sw "\u0000"`]) {
      expectScimError(await ctx.admin.scim("GET", `/Users?filter=${q(filter)}`), 400, "invalidFilter");
      expectScimError(await ctx.admin.scim("POST", "/Users/.search", { schemas: [SCHEMAS.search], filter }), 400, "invalidValue");
    }
    expectScimError(await ctx.admin.scim("GET", `/Groups?filter=${q('displayName eq "\u0000"')}`), 400, "invalidFilter");
    expectScimError(await ctx.admin.as({ user: "ad\u0000min", password: "admin" }).scim("GET", "/Users"), 401);
    expect((await ctx.admin.scim("GET", "/Users/%00")).status).toBe(404);
    expect((await ctx.admin.scim("GET", "/Groups/%00")).status).toBe(404);
    expect((await ctx.admin.scim("GET", "/Roles/%00")).status).toBe(404);
    expectScimError(await ctx.admin.scim("GET", "/Users/%E0%A4%A"), 400);
    const bulk = await ctx.admin.scim("POST", "/Bulk", { schemas: [SCHEMAS.bulkRequest], Operations: [{ method: "DELETE", path: "/Users/%E0%A4%A" }] });
    expectScim(bulk, 200);
    expect(bulk.body.Operations[0]).toMatchObject({ status: "400", response: { schemas: [SCHEMAS.error] } });

    const unicode = unique("ünï-😀-\u202e");
    const emoji = await ctx.admin.scim("POST", "/Users", userBody(unicode, { displayName: "\ud83d\ude00 a pair of surrogates is one character", name: { givenName: "Zoë" } }));
    expectScim(emoji, 201);
    expect(emoji.body.userName).toBe(unicode);
    const found = await ctx.admin.scim("GET", `/Users?filter=${q(`userName eq "${unicode.toUpperCase()}"`)}`);
    expect(found.body.Resources.map((u: Json) => u.id)).toEqual([emoji.body.id]);

    for (const query of ["startIndex=99999999999999999999", "count=99999999999999999999", "startIndex=-99999999999999999999", "count=1e3", "startIndex=0x10", "count=", "startIndex=%20"]) {
      const res = await ctx.admin.scim("GET", `/Users?${query}`);
      expect(res.status, `${query}: ${res.text}`).toBeLessThan(500);
      expect(res.headers.get("content-type")).toContain("application/scim+json");
    }
    const search = await ctx.admin.scim("POST", "/Users/.search", { schemas: [SCHEMAS.search], startIndex: 1e300, count: 1e300 });
    expect(search.status, search.text).toBeLessThan(500);
  });

  it("refuses text that is not Unicode instead of storing U+FFFD in its place", async () => {
    const name = unique("utf8");
    const body = JSON.stringify(userBody(name, { displayName: "@" }));
    const at = body.indexOf("@");
    for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const invalid = new Uint8Array(Buffer.concat([Buffer.from(body.slice(0, at)), Buffer.from(bytes), Buffer.from(body.slice(at + 1))]));
      expectScimError(await ctx.admin.scim("POST", "/Users", invalid), 400, "invalidValue");
      expectScimError(
        await ctx.admin.scim(
          "PATCH",
          `/Users/${user.id}`,
          new Uint8Array(Buffer.concat([Buffer.from('{"schemas":["' + SCHEMAS.patch + '"],"Operations":[{"op":"replace","path":"title","value":"'), Buffer.from(bytes), Buffer.from('"}]}')])),
        ),
        400,
        "invalidValue",
      );
    }
    for (const lone of ["\\ud800", "\\udfff", "x\\udbff\\u0041", "\\ud83d"]) {
      const text = body.replace("@", lone);
      expectScimError(await ctx.admin.scim("POST", "/Users", text), 400, "invalidValue");
      expectScimError(await ctx.admin.scim("POST", "/Groups", `{"schemas":["${SCHEMAS.group}"],"displayName":"g${lone}"}`), 400, "invalidValue");
      expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, `{"schemas":["${SCHEMAS.patch}"],"Operations":[{"op":"replace","path":"title","value":"${lone}"}]}`), 400, "invalidValue");
      expectScimError(await ctx.admin.scim("POST", "/Users", `{"schemas":["${SCHEMAS.user}"],"userName":"${name}","x${lone}":1}`), 400, "invalidValue");
    }
    expect((await ctx.admin.scim("GET", `/Users?filter=${q(`userName eq "${name}"`)}`)).body.totalResults).toBe(0);
    expect((await ctx.admin.scim("GET", `/Users/${user.id}`)).body.title).toBeUndefined();
  });

  it("refuses search requests whose members have the wrong JSON type with 400, never a 500", async () => {
    const wrong: [string, unknown][] = [
      ["count", { toString: 1 }],
      ["startIndex", { toString: 1 }],
      ["sortBy", { toString: 1 }],
      ["sortOrder", { toString: 1 }],
      ["cursor", { toString: 1 }],
      ["attributes", { toString: 1 }],
      ["excludedAttributes", [{ toString: 1 }]],
      ["count", [5]],
      ["sortOrder", true],
    ];
    for (const endpoint of ["/Users/.search", "/Groups/.search", "/.search", "/Roles/.search"]) {
      for (const [member, value] of wrong) {
        const res = await ctx.admin.scim("POST", endpoint, { schemas: [SCHEMAS.search], [member]: value });
        expectScimError(res, 400, "invalidValue");
        expect(res.body.detail, `${endpoint} ${member}`).toContain(member);
      }
      expectScimError(await ctx.admin.scim("POST", endpoint, { schemas: [SCHEMAS.search], filter: { toString: 1 } }), 400, "invalidFilter");
    }
  });

  it("refuses lists too long for one resource", async () => {
    const emails = Array.from({ length: 51 }, (_, i) => ({ value: `e${i}@example.com` }));
    expectScimError(await ctx.admin.scim("POST", "/Users", userBody(unique("many"), { emails })), 400, "invalidValue");
    const ops = Array.from({ length: 1001 }, () => ({ op: "replace", path: "title", value: "x" }));
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${user.id}`, patchBody(...ops)), 400, "invalidSyntax");
  });
});
