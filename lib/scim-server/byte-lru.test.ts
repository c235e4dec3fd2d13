import { describe, expect, it } from "vitest";
import { ByteLru } from "./byte-lru.ts";

describe("ByteLru", () => {
  it("drops the least recently used entries once the byte budget is exceeded", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 40);
    lru.set("b", "B", 40);
    expect(lru.get("a")).toBe("A"); // a is now the most recently used
    lru.set("c", "C", 40);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe("A");
    expect(lru.get("c")).toBe("C");
    expect(lru.bytes).toBe(80);
    expect(lru.size).toBe(2);
  });

  it.each([
    {
      what: "replacing an entry counts only its new size",
      sets: [
        ["a", 60],
        ["a", 30],
      ] as const,
      bytes: 30,
      keys: ["a"],
    },
    {
      what: "an entry larger than the budget is not kept",
      sets: [
        ["a", 30],
        ["big", 101],
      ] as const,
      bytes: 30,
      keys: ["a"],
    },
    {
      what: "an entry of exactly the budget pushes out every other",
      sets: [
        ["a", 30],
        ["b", 100],
      ] as const,
      bytes: 100,
      keys: ["b"],
    },
    { what: "a zero budget keeps nothing", sets: [["a", 1]] as const, bytes: 0, keys: [], max: 0 },
  ])("$what", ({ sets, bytes, keys, max }) => {
    const lru = new ByteLru<number>(max ?? 100);
    for (const [key, size] of sets) lru.set(key, size, size);
    expect(lru.bytes).toBe(bytes);
    expect(["a", "b", "big"].filter((k) => lru.get(k) !== undefined)).toEqual(keys);
  });

  it("forgets a deleted entry and its bytes", () => {
    const lru = new ByteLru<string>(100);
    lru.set("a", "A", 10);
    lru.delete("a");
    lru.delete("missing");
    expect(lru.get("a")).toBeUndefined();
    expect(lru.bytes).toBe(0);
  });
});
