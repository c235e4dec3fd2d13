import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../test/support/test-database.ts";
import { createSql, type Sql } from "../../db/sql.ts";
import { GROUP_FILTER_CASES, loadFilterFixtures, pageThroughFixtures, queryFixtures, SORT_CASES, USER_FILTER_CASES } from "../../../test/support/filter-fixtures.ts";

// The compiled SQL against a real migrated SQLite database; e2e/http/filter-sql.test.ts runs the same
// tables against PostgreSQL.
let sql: Sql;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const database = await testDatabase();
  cleanup = database.cleanup;
  sql = createSql(database.url);
  await loadFilterFixtures(sql);
});

afterAll(async () => {
  await sql?.close();
  await cleanup?.();
});

const sorted = (names: string[]) => [...names].sort();

describe("User filters on SQLite", () => {
  it.each(USER_FILTER_CASES)("$filter", async ({ filter, expect: expected }) => {
    expect(sorted(await queryFixtures(sql, "User", { filter }))).toEqual(sorted(expected));
  });
});

describe("Group filters on SQLite", () => {
  it.each(GROUP_FILTER_CASES)("$filter", async ({ filter, expect: expected }) => {
    expect(sorted(await queryFixtures(sql, "Group", { filter }))).toEqual(sorted(expected));
  });
});

describe("sorting on SQLite", () => {
  it.each(SORT_CASES)("$resource by $sortBy $sortOrder", async ({ resource, sortBy, sortOrder, expect: expected }) => {
    expect(await queryFixtures(sql, resource, { ...(sortBy ? { sortBy } : {}), ...(sortOrder ? { sortOrder } : {}) })).toEqual(expected);
  });

  it.each(SORT_CASES)("pages $resource by $sortBy $sortOrder with keyset cursors", async ({ resource, sortBy, sortOrder, expect: expected }) => {
    expect(await pageThroughFixtures(sql, resource, { ...(sortBy ? { sortBy } : {}), ...(sortOrder ? { sortOrder } : {}) }, 2)).toEqual(expected);
  });

  it("combines a filter with a sort", async () => {
    expect(await queryFixtures(sql, "User", { filter: `emails.value co "example"`, sortBy: "userName", sortOrder: "descending" })).toEqual([
      "Zed",
      "daveX100Y",
      "dave_100%",
      "bob",
      "PARTNER/alice",
      "Alice",
    ]);
  });
});
