import { describe, expect, it } from "vitest";
import { tabAfterKey } from "./tab-keys.ts";

describe("tabAfterKey", () => {
  it.each([
    ["ArrowRight", 0, 3, 1],
    ["ArrowRight", 2, 3, 0],
    ["ArrowLeft", 0, 3, 2],
    ["ArrowLeft", 2, 3, 1],
    ["Home", 2, 3, 0],
    ["End", 0, 3, 2],
    ["ArrowDown", 1, 3, undefined],
    ["Enter", 1, 3, undefined],
    ["a", 1, 3, undefined],
  ] as const)("%s from tab %i of %i goes to %j", (key, current, count, expected) => {
    expect(tabAfterKey(key, current, count)).toBe(expected);
  });
});
