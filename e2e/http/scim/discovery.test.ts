import { describe, expect, it } from "vitest";
import { DIALECTS } from "../databases";
import type { Json } from "../../support/scim-client";
import { SCHEMAS, createCustomAttribute, createUser, expectScim, expectScimError, patchBody, q, unique, useScimServer } from "./setup";

describe.each(DIALECTS)("SCIM discovery on %s", (dialect) => {
  const ctx = useScimServer(dialect);
  // discovery is public (RFC 7644 section 4): clients read it to learn how to authenticate
  const anonymous = () => ctx.admin.as(null);

  it("advertises bulk limits, filter maxResults, etag, sort, patch and pagination in ServiceProviderConfig", async () => {
    const res = await anonymous().scim("GET", "/ServiceProviderConfig");
    expectScim(res, 200);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 1000 },
      changePassword: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      pagination: { cursor: true, index: true, defaultPaginationMethod: "index", defaultPageSize: 100, maxPageSize: 1000 },
      meta: { resourceType: "ServiceProviderConfig", location: `${ctx.server.baseUrl}/scim2/ServiceProviderConfig` },
    });
    expect(res.body.authenticationSchemes.map((s: Json) => s.type)).toEqual(expect.arrayContaining(["httpbasic", "oauthbearertoken"]));
  });

  it("lists the resource types", async () => {
    const res = await anonymous().scim("GET", "/ResourceTypes");
    expectScim(res, 200);
    expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 3, itemsPerPage: 3, startIndex: 1 });
    const byId = Object.fromEntries(res.body.Resources.map((r: Json) => [r.id, r]));
    expect(byId.User).toMatchObject({
      endpoint: "/Users",
      schema: SCHEMAS.user,
      schemaExtensions: expect.arrayContaining([
        { schema: SCHEMAS.enterprise, required: false },
        { schema: SCHEMAS.custom, required: false },
      ]),
      meta: { resourceType: "ResourceType", location: `${ctx.server.baseUrl}/scim2/ResourceTypes/User` },
    });
    expect(byId.Group).toMatchObject({ endpoint: "/Groups", schema: SCHEMAS.group });
    expect(byId.Role).toMatchObject({ endpoint: "/Roles", schema: SCHEMAS.role });
    const one = await anonymous().scim("GET", "/ResourceTypes/Group");
    expectScim(one, 200);
    expect(one.body).toEqual(byId.Group);
    expectScimError(await anonymous().scim("GET", "/ResourceTypes/Printer"), 404);
  });

  it("describes the schemas with their attribute characteristics", async () => {
    const res = await anonymous().scim("GET", "/Schemas");
    expectScim(res, 200);
    const ids = res.body.Resources.map((s: Json) => s.id);
    expect(ids).toEqual(expect.arrayContaining([SCHEMAS.user, SCHEMAS.enterprise, SCHEMAS.custom, SCHEMAS.group, SCHEMAS.role]));
    expect(res.body.totalResults).toBe(ids.length);

    const user = await anonymous().scim("GET", `/Schemas/${SCHEMAS.user}`);
    expectScim(user, 200);
    const attr = (name: string) => user.body.attributes.find((a: Json) => a.name === name);
    expect(attr("userName")).toMatchObject({ type: "string", required: true, caseExact: false, uniqueness: "server", mutability: "readWrite" });
    expect(attr("password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    expect(attr("groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
    expect(attr("id")).toMatchObject({ mutability: "readOnly", returned: "always" });
    expect(attr("emails").subAttributes.map((s: Json) => s.name)).toEqual(expect.arrayContaining(["value", "type", "primary"]));
    expect(user.body.meta).toEqual({ resourceType: "Schema", location: `${ctx.server.baseUrl}/scim2/Schemas/${SCHEMAS.user}` });
    // schema URIs are case-insensitive
    expect((await anonymous().scim("GET", `/Schemas/${SCHEMAS.enterprise.toUpperCase()}`)).body.id).toBe(SCHEMAS.enterprise);
    expectScimError(await anonymous().scim("GET", "/Schemas/urn:example:nothing"), 404);
  });

  it("shows a custom attribute defined through the admin API at once, and accepts, filters and returns it", async () => {
    // read the schema first, so a cached copy exists that the new definition has to replace
    const before = await anonymous().scim("GET", `/Schemas/${SCHEMAS.custom}`);
    expect(before.body.attributes.map((a: Json) => a.name)).not.toContain("badgeColour");
    await createUser(ctx.admin, unique("before.custom"));

    await createCustomAttribute(ctx.admin, { name: "badgeColour", type: "string", canonicalValues: ["red", "green"], description: "Colour of the badge" });
    await createCustomAttribute(ctx.admin, { name: "floor", type: "integer" });
    await createCustomAttribute(ctx.admin, { name: "skills", type: "string", multiValued: true });
    await createCustomAttribute(ctx.admin, { name: "remote", type: "boolean" });

    const schema = await anonymous().scim("GET", `/Schemas/${SCHEMAS.custom}`);
    expectScim(schema, 200);
    const byName = Object.fromEntries(schema.body.attributes.map((a: Json) => [a.name, a]));
    expect(byName.badgeColour).toMatchObject({ type: "string", multiValued: false, required: false, canonicalValues: ["red", "green"], description: "Colour of the badge" });
    expect(byName.floor).toMatchObject({ type: "integer" });
    expect(byName.skills).toMatchObject({ type: "string", multiValued: true });

    const userName = unique("custom.user");
    const created = await ctx.admin.scim("POST", "/Users", {
      schemas: [SCHEMAS.user, SCHEMAS.custom],
      userName,
      [SCHEMAS.custom]: { badgeColour: "red", floor: 4, skills: ["go", "sql"], remote: "True" },
    });
    expectScim(created, 201);
    expect(created.body.schemas).toContain(SCHEMAS.custom);
    expect(created.body[SCHEMAS.custom]).toEqual({ badgeColour: "red", floor: 4, skills: ["go", "sql"], remote: true });

    const found = await ctx.admin.scim("GET", `/Users?filter=${q(`${SCHEMAS.custom}:floor ge 4 and ${SCHEMAS.custom}:skills eq "SQL"`)}`);
    expectScim(found, 200);
    expect(found.body.Resources.map((u: Json) => u.userName)).toEqual([userName]);

    // Entra writes extension attributes fully qualified at the top level
    const patched = await ctx.admin.scim(
      "PATCH",
      `/Users/${created.body.id}`,
      patchBody({ op: "Replace", path: `${SCHEMAS.custom}:floor`, value: 5 }, { op: "Add", value: { [`${SCHEMAS.custom}:badgeColour`]: "green" } }),
    );
    expectScim(patched, 200);
    expect(patched.body[SCHEMAS.custom]).toMatchObject({ floor: 5, badgeColour: "green" });
    const got = await ctx.admin.scim("GET", `/Users/${created.body.id}?attributes=${q(`${SCHEMAS.custom}:floor`)}`);
    expect(got.body[SCHEMAS.custom]).toEqual({ floor: 5 });

    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("bad.custom"), [SCHEMAS.custom]: { floor: "fourth" } }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("bad.custom"), [SCHEMAS.custom]: { badgeColour: "blue" } }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("bad.custom"), [SCHEMAS.custom]: { nosuch: 1 } }), 400, "invalidValue");
    expectScimError(await ctx.admin.scim("PATCH", `/Users/${created.body.id}`, patchBody({ op: "replace", path: `${SCHEMAS.custom}:floor`, value: 1.5 })), 400, "invalidValue");
  });

  it("refuses other methods on the discovery endpoints", async () => {
    for (const path of ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"]) {
      expectScimError(await ctx.admin.scim("POST", path, {}), 405);
      expectScimError(await ctx.admin.scim("DELETE", path), 405);
    }
  });
});
