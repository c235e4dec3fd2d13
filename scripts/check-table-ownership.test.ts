import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without type declarations
import { checkTableOwnership, foreignTables } from "./check-table-ownership.mjs";

describe("tables named only by the store that owns them", () => {
  it.each([
    ["the outbox store's own table", "lib/provisioning/outbox/events.ts", `SELECT "seq" FROM "OutboxEvent" WHERE "status" = 'pending'`, []],
    ["an identity table inside the identity store", "lib/identity/groups/member-rows.ts", `SELECT "userId" FROM "GroupMember" WHERE "groupId" = ?`, []],
    ["a single-file owner", "lib/identity/settings.ts", `SELECT "value" FROM "Setting" WHERE "key" = ?`, []],
    ["an identity table read by provisioning", "lib/provisioning/deliver.ts", `SELECT "userId" FROM "GroupMember" WHERE "groupId" = ?`, ["GroupMember"]],
    ["an outbox table read outside its folder", "lib/provisioning/log.ts", `SELECT COUNT(*) AS "n" FROM "OutboxEvent"`, ["OutboxEvent"]],
    ["two stores joined", "lib/auth/console-sessions.ts", `SELECT s."expiresAt" FROM "UserSession" s JOIN "User" u ON u."id" = s."userId"`, ["UserSession", "User"]],
    ["a file next to a single-file owner", "lib/identity/settings-cache.ts", `SELECT "value" FROM "Setting"`, ["Setting"]],
  ])("%s", (_name, path, sql, tables) => {
    expect(foreignTables(path, sql).map((p: string) => /"(\w+)"/.exec(p)?.[1])).toEqual(tables);
  });

  it("holds for the whole product, and every table of the schema has a store", () => {
    expect(checkTableOwnership()).toEqual([]);
  });
});
