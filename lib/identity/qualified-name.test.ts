import { describe, it, expect } from "vitest";
import { splitQualifiedName, qualifyName, normaliseKey } from "./qualified-name";

describe("splitQualifiedName", () => {
  it.each([
    ["kim", { name: "kim" }],
    ["MYSQL/kim", { domain: "MYSQL", name: "kim" }],
    ["mysql/Kim", { domain: "MYSQL", name: "Kim" }],
    ["/kim", { name: "/kim" }],
    ["A/b/c", { domain: "A", name: "b/c" }],
  ])("%s", (input, expected) => {
    expect(splitQualifiedName(input)).toEqual(expected);
  });
});

describe("qualifyName", () => {
  it("leaves PRIMARY names bare and prefixes secondary domains", () => {
    expect(qualifyName("PRIMARY", "kim")).toBe("kim");
    expect(qualifyName("MYSQL", "kim")).toBe("MYSQL/kim");
  });
});

describe("normaliseKey", () => {
  it("compares case-insensitively and by canonical form", () => {
    expect(normaliseKey("Kim.Lee@Example.COM")).toBe("kim.lee@example.com");
    expect(normaliseKey("e\u0301")).toBe(normaliseKey("\u00e9"));
  });
});
