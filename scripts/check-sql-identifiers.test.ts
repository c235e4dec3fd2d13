import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations
import { identifierProblems, schemaColumns } from "./check-sql-identifiers.mjs";

const tables = schemaColumns();

describe("SQL identifiers checked against prisma/schema.prisma", () => {
  it.each([
    ["columns of the aliased tables", `SELECT g."displayName", s."domain" FROM "Group" g JOIN "UserStore" s ON s."id" = g."storeId"`, []],
    ["an output alias", `SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" = 'pending'`, []],
    ["an UPDATE's columns", `UPDATE "TargetPause" SET "probeBy" = NULL WHERE "connectorId" = ?`, []],
    ["a table-qualified column", `SELECT "User"."id" FROM "User"`, []],
    ["a misspelt qualified column", `SELECT u."id", u."userNam" FROM "User" u WHERE u."id" = ?`, ['column "userNam" is not a column of "User"']],
    ["a column of another table", `SELECT s."userName" FROM "Group" s`, ['column "userName" is not a column of "Group"']],
    ["a misspelt bare column", `SELECT "passwordHsh" FROM "User" WHERE "id" = ?`, ['"passwordHsh" is neither a table, a column, nor an alias this query declares']],
    ["a relation field, which is no column", `SELECT "store" FROM "User"`, ['"store" is neither a table, a column, nor an alias this query declares']],
    ["an unknown table", `SELECT 1 FROM "Users"`, ['"Users" is neither a table, a column, nor an alias this query declares']],
  ])("%s", (_name, sql, problems) => {
    expect(identifierProblems(sql, tables)).toEqual(problems);
  });
});
