import { describe, expect, it } from "vitest";
import { ScimError } from "../../scim/errors.ts";
import type { Dialect } from "../../db/sql.ts";
import { compileSort, type SortOrder } from "./compile-sort.ts";
import type { QueryResource } from "./attribute-map.ts";
import { FIXTURE_CUSTOM_ATTRIBUTES } from "../../../test/support/filter-fixtures.ts";

function sort(sortBy: string | undefined, sortOrder?: SortOrder, dialect: Dialect = "sqlite", resource: QueryResource = "User") {
  return compileSort(sortBy, sortOrder, { dialect, resource, customAttributes: FIXTURE_CUSTOM_ATTRIBUTES });
}

const firstEmail = `(SELECT v."valueKey" FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = ? ORDER BY v."primary" DESC, v."position" ASC LIMIT 1)`;

describe("compileSort", () => {
  it("orders by creation, then id, without sortBy", () => {
    expect(sort(undefined)).toEqual({
      orderBy: `u."createdAt" ASC, u."id" ASC`,
      params: [],
      keyExpr: `u."createdAt"`,
      keyParams: [],
      tieBreaker: `u."id"`,
      descending: false,
      keyNullable: false,
    });
    expect(sort(undefined, undefined, "postgres").orderBy).toBe(`u."createdAt" ASC, u."id" COLLATE "C" ASC`);
    expect(sort("  ", "descending").orderBy).toBe(`u."createdAt" ASC, u."id" ASC`);
    expect(sort(undefined, undefined, "sqlite", "Group").orderBy).toBe(`g."createdAt" ASC, g."id" ASC`);
  });

  it("sorts userName by its lower-cased key, case-insensitively (RFC 7644 §3.4.2.3)", () => {
    const s = sort("userName");
    expect(s.orderBy).toBe(`u."userNameKey" ASC, u."id" ASC`);
    expect(s.keyExpr).toBe(`u."userNameKey"`);
    const pg = sort("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME", "descending", "postgres");
    expect(pg.orderBy).toBe(`u."userNameKey" COLLATE "C" DESC, u."id" COLLATE "C" DESC`);
    expect(pg.descending).toBe(true);
  });

  it("sorts a multi-valued attribute by its primary, else first, value", () => {
    const s = sort("emails", "descending");
    expect(s.orderBy).toBe(`${firstEmail} DESC NULLS FIRST, u."id" DESC`);
    expect(s.params).toEqual(["emails"]);
    expect(s.keyExpr).toBe(firstEmail);
    expect(s.keyParams).toEqual(["emails"]);
    expect(s.keyNullable).toBe(true);
    expect(sort("emails.value", "ascending", "postgres").orderBy).toBe(`${firstEmail} COLLATE "C" ASC NULLS LAST, u."id" COLLATE "C" ASC`);
  });

  it("puts absent values last ascending and first descending", () => {
    expect(sort("name.familyName").orderBy).toBe(`LOWER(u."familyName") ASC NULLS LAST, u."id" ASC`);
    expect(sort("name.familyName", "descending").orderBy).toBe(`LOWER(u."familyName") DESC NULLS FIRST, u."id" DESC`);
  });

  it("sorts case-exact strings as stored and non-strings by their column", () => {
    expect(sort("externalId").keyExpr).toBe(`u."externalId"`);
    expect(sort("externalId", undefined, "postgres").keyExpr).toBe(`u."externalId" COLLATE "C"`);
    expect(sort("meta.lastModified", "descending", "postgres").orderBy).toBe(`u."updatedAt" DESC, u."id" COLLATE "C" DESC`);
    expect(sort("active").orderBy).toBe(`u."active" ASC, u."id" ASC`);
    expect(sort("displayName").keyExpr).toBe(`u."displayNameKey"`);
  });

  it("sorts custom and enterprise attributes", () => {
    const level = sort("urn:scim:schemas:extension:custom:User:level");
    expect(level.keyExpr).toBe(`(SELECT v."valueNum" FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = ? ORDER BY v."primary" DESC, v."position" ASC LIMIT 1)`);
    expect(level.params).toEqual(["custom:level"]);
    expect(sort("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department").keyExpr).toBe(`LOWER(u."department")`);
    expect(sort("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager").keyExpr).toBe(`u."managerId"`);
  });

  it("sorts Groups by displayName key and members by their first member", () => {
    expect(sort("displayName", undefined, "sqlite", "Group").orderBy).toBe(`g."displayNameKey" ASC, g."id" ASC`);
    expect(sort("members.display", undefined, "sqlite", "Group").keyExpr).toBe(
      `(SELECT mu."userNameKey" FROM "GroupMember" m JOIN "User" mu ON mu."id" = m."userId" WHERE m."groupId" = g."id" ORDER BY m."createdAt" ASC, m."userId" ASC LIMIT 1)`,
    );
  });

  it("treats a constant attribute as no sort key", () => {
    expect(sort("meta.resourceType").orderBy).toBe(`u."createdAt" ASC, u."id" ASC`);
  });

  it.each([
    ["foo", /unknown attribute "foo"/],
    ["name", /name is a complex attribute: sort by one of its sub-attributes/],
    ["addresses", /addresses is a complex attribute/],
    ["emails.foo", /unknown sub-attribute "foo" of emails/],
    [`emails[type eq "work"]`, /is not an attribute path/],
    ["userName desc", /is not an attribute path/],
    ["user name!", /is not an attribute path/],
    ["password", /password cannot be used/],
    ["members", /members is an attribute of Group resources/],
    ["meta.location", /meta\.location cannot be used here/],
    ["urn:scim:schemas:extension:custom:User:unknown", /defines no attribute unknown/],
  ])("rejects sortBy %s with invalidValue", (sortBy, message) => {
    let error: unknown;
    try {
      sort(sortBy);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe("invalidValue");
    expect((error as ScimError).detail).toMatch(message);
  });
});
