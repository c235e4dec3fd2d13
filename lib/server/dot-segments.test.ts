import { describe, expect, it } from "vitest";
import { hasDotSegments } from "./dot-segments.ts";

describe("hasDotSegments", () => {
  it.each([
    ["/scim2/Me/abc/..", true],
    ["/scim2/Users/abc/../def", true],
    ["/scim2/Users/./abc", true],
    ["/scim2/Users/abc/%2e%2e", true],
    ["/scim2/Users/abc/.%2E", true],
    ["/scim2/Users/abc/%2E", true],
    ["/scim2/Users/abc\\..", true],
    ["http://localhost:3000/scim2/Me/x/..?attributes=id", true],
    ["/scim2/Users/abc", false],
    ["/scim2/Users/.search", false],
    ["/scim2/Users/a..b", false],
    ["/scim2/Users/...", false],
    ['/scim2/Users?filter=userName eq ".."', false],
    ["http://localhost:3000/scim2/Users/abc#..", false],
    ["http://localhost:3000/", false],
  ])("%s → %s", (target, expected) => {
    expect(hasDotSegments(target)).toBe(expected);
  });
});
