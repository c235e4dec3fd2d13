import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../lib/db/migrate";
import { createSql, type Sql } from "../../lib/db/sql";
import { GROUP_FILTER_CASES, loadFilterFixtures, pageThroughFixtures, queryFixtures, SORT_CASES, USER_FILTER_CASES } from "../../test/support/filter-fixtures";
import { freshPostgresDatabase } from "./databases";

// The SCIM filter and sort compilation (lib/identity/query) against PostgreSQL, with the same fixtures and
// tables as the SQLite unit test lib/identity/query/filter-sql.test.ts.
let sql: Sql;

beforeAll(async () => {
  const url = await freshPostgresDatabase();
  await migrate(url);
  sql = createSql(url);
  await loadFilterFixtures(sql);
});

afterAll(async () => {
  await sql?.close();
});

const sorted = (names: string[]) => [...names].sort();

describe("User filters on PostgreSQL", () => {
  it.each(USER_FILTER_CASES)("$filter", async ({ filter, expect: expected }) => {
    expect(sorted(await queryFixtures(sql, "User", { filter }))).toEqual(sorted(expected));
  });
});

describe("Group filters on PostgreSQL", () => {
  it.each(GROUP_FILTER_CASES)("$filter", async ({ filter, expect: expected }) => {
    expect(sorted(await queryFixtures(sql, "Group", { filter }))).toEqual(sorted(expected));
  });
});

describe("sorting on PostgreSQL", () => {
  it.each(SORT_CASES)("$resource by $sortBy $sortOrder", async ({ resource, sortBy, sortOrder, expect: expected }) => {
    expect(await queryFixtures(sql, resource, { ...(sortBy ? { sortBy } : {}), ...(sortOrder ? { sortOrder } : {}) })).toEqual(expected);
  });

  it.each(SORT_CASES)("pages $resource by $sortBy $sortOrder with keyset cursors", async ({ resource, sortBy, sortOrder, expect: expected }) => {
    expect(await pageThroughFixtures(sql, resource, { ...(sortBy ? { sortBy } : {}), ...(sortOrder ? { sortOrder } : {}) }, 2)).toEqual(expected);
  });
});
