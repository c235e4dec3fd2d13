import { describe, expect, it } from "vitest";
import { revalidate } from "./revalidate.ts";

type Errors = Record<string, string>;
const cases: { name: string; shown: Errors; found: Errors; touched: string[]; expected: Errors }[] = [
  { name: "a touched field's fix clears its error", shown: { url: "must be a URL" }, found: {}, touched: ["url"], expected: {} },
  { name: "a touched field shows its new error at once", shown: {}, found: { url: "must be a URL" }, touched: ["url"], expected: { url: "must be a URL" } },
  { name: "an untouched field's error stays hidden until submit", shown: {}, found: { password: "required" }, touched: ["url"], expected: {} },
  { name: "an error shown by submit stays while it holds", shown: { password: "required" }, found: { password: "required" }, touched: ["url"], expected: { password: "required" } },
  {
    name: "an error shown by submit follows the current message",
    shown: { timeout: "must be a number" },
    found: { timeout: "must be at least 100" },
    touched: [],
    expected: { timeout: "must be at least 100" },
  },
];

describe("revalidate", () => {
  it.each(cases)("$name", ({ shown, found, touched, expected }) => {
    expect(revalidate(shown, found, new Set(touched))).toStrictEqual(expected);
  });
});
