import { describe, expect, it } from "vitest";
import { batchSummary, nextSort, pageOf, startOfPage, type BatchOutcome } from "./list-paging.ts";

type Key = "userName" | "createdAt";

describe("nextSort", () => {
  it.each<[string, { by: Key; order: "ascending" | "descending" }, Key, { by: Key; order: "ascending" | "descending" }]>([
    ["the sorted column turns around", { by: "userName", order: "ascending" }, "userName", { by: "userName", order: "descending" }],
    ["and back", { by: "userName", order: "descending" }, "userName", { by: "userName", order: "ascending" }],
    ["another column starts A to Z", { by: "createdAt", order: "descending" }, "userName", { by: "userName", order: "ascending" }],
    ["a date starts newest first", { by: "userName", order: "ascending" }, "createdAt", { by: "createdAt", order: "descending" }],
  ])("%s", (_, current, clicked, expected) => {
    expect(nextSort(current, clicked, ["createdAt"])).toStrictEqual(expected);
  });
});

describe("pages", () => {
  it.each([
    [1, 20, 0, { page: 1, pages: 1 }],
    [1, 20, 100_000, { page: 1, pages: 5_000 }],
    [21, 20, 100_000, { page: 2, pages: 5_000 }],
    [99_981, 20, 100_000, { page: 5_000, pages: 5_000 }],
    [41, 50, 45, { page: 1, pages: 1 }],
  ])("startIndex %i, %i a page, %i in all: %j", (startIndex, size, total, expected) => {
    expect(pageOf(startIndex, size, total)).toStrictEqual(expected);
  });

  it.each([
    [3, 20, 100, 41],
    [0, 20, 100, 1],
    [-4, 20, 100, 1],
    [99, 20, 100, 81],
    [2.7, 20, 100, 21],
    [Number.NaN, 20, 100, 1],
    [5, 20, 0, 1],
  ])("go to page %d (%i a page, %i in all) starts at %i", (page, size, total, expected) => {
    expect(startOfPage(page, size, total)).toBe(expected);
  });
});

describe("batchSummary", () => {
  const done = (userName: string): BatchOutcome => ({ id: userName, userName, status: "done", outboundFailures: [] });
  it.each<[string, "delete" | "disable" | "enable", BatchOutcome[], { tone: string; message: string }]>([
    ["all done", "delete", [done("kim"), done("lee")], { tone: "success", message: "2 users deleted." }],
    ["one already so", "disable", [done("kim"), { ...done("lee"), status: "unchanged" }], { tone: "success", message: "1 user disabled. 1 user already disabled." }],
    [
      "a refusal named with its reason",
      "delete",
      [done("kim"), { id: "me", userName: "admin", status: "failed", message: "You cannot delete the account you are signed in with", outboundFailures: [] }],
      { tone: "error", message: "1 user deleted. 1 failed: admin (You cannot delete the account you are signed in with)." },
    ],
    [
      "a provisioning failure",
      "enable",
      [{ ...done("kim"), outboundFailures: ["Partner: HTTP 401 credentials refused"] }],
      { tone: "error", message: "1 user enabled. Provisioning failed for kim: Partner: HTTP 401 credentials refused." },
    ],
  ])("%s", (_, action, results, expected) => {
    expect(batchSummary(action, results)).toStrictEqual(expected);
  });
});
