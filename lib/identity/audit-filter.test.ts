import { describe, expect, it } from "vitest";
import { auditWhere, decodeAuditCursor, encodeAuditCursor, type AuditFilter } from "./audit-filter.ts";
import { IdentityError } from "./errors.ts";

const t1 = new Date("2026-01-01T00:00:00.000Z");
const t2 = new Date("2026-02-01T00:00:00.000Z");

describe("auditWhere", () => {
  it.each<[string, AuditFilter, string, unknown[]]>([
    ["no filter reads the whole log", {}, "", []],
    ["one exact filter", { actor: "alice" }, `WHERE "actor" = ?`, ["alice"]],
    ["filters combine with AND, in column order", { targetId: "u1", channel: "scim", targetType: "User" }, `WHERE "channel" = ? AND "targetType" = ? AND "targetId" = ?`, ["scim", "User", "u1"]],
    ["an action", { action: "user.create" }, `WHERE "action" = ?`, ["user.create"]],
    ["from is inclusive, to exclusive", { from: t1, to: t2 }, `WHERE "at" >= ? AND "at" < ?`, [t1, t2]],
    ["only an upper bound", { to: t2 }, `WHERE "at" < ?`, [t2]],
  ])("%s", (_, filter, where, params) => {
    expect(auditWhere(filter)).toEqual({ where, params });
  });

  it("continues below the cursor's (at, id) key, after the filters", () => {
    expect(auditWhere({ channel: "console" }, { at: t1, id: "b" })).toEqual({
      where: `WHERE "channel" = ? AND "at" <= ? AND ("at" < ? OR ("at" = ? AND "id" < ?))`,
      params: ["console", t1, t1, t1, "b"],
    });
  });

  it.each([
    ["from after to", { from: t2, to: t1 }],
    ["an empty range", { from: t1, to: t1 }],
  ])("refuses %s", (_, filter) => {
    expect(() => auditWhere(filter)).toThrow(IdentityError);
    expect(() => auditWhere(filter)).toThrow("from must be before to");
  });

  it("never puts a value into the SQL text", () => {
    const { where } = auditWhere({ actor: `x" OR 1=1 --` });
    expect(where).not.toContain("OR 1=1");
  });
});

describe("audit cursors", () => {
  it("round-trips the key of the last row", () => {
    const key = { at: new Date("2026-03-04T05:06:07.089Z"), id: "0b9d6c1e-1111-4222-8333-444455556666" };
    const cursor = encodeAuditCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeAuditCursor(cursor)).toEqual(key);
  });

  it.each([
    ["garbage", "not a cursor"],
    ["JSON of another shape", Buffer.from(JSON.stringify({ at: 1 })).toString("base64url")],
    ["a date that is not one", Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url")],
  ])("refuses %s with a message about the cursor", (_, cursor) => {
    expect(() => decodeAuditCursor(cursor)).toThrow(/cursor is not one this server gave out/);
  });
});
