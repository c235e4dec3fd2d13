import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./ids.ts";

describe("timeOrderedId", () => {
  it("is a version 7 UUID", () => {
    expect(timeOrderedId(Date.parse("2026-01-01T00:00:00Z"))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("sorts in the order made, within one millisecond too", () => {
    const ms = Date.parse("2026-01-01T00:00:00Z");
    const ids = [timeOrderedId(ms), timeOrderedId(ms), timeOrderedId(ms), timeOrderedId(ms + 1), timeOrderedId(ms + 1000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
