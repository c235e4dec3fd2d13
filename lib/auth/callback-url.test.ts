import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

const BASE = "http://localhost:3000";
const SIGN_IN = `${BASE}/signin`;

describe("safeCallbackUrl", () => {
  it.each([
    ["/users", `${BASE}/users`],
    ["/users?search=a#top", `${BASE}/users?search=a#top`],
    [`${BASE}/groups`, `${BASE}/groups`],
    [BASE, `${BASE}/`],
    ["/%5Cevil.com", `${BASE}/%5Cevil.com`],
  ])("follows %j of this site", (url, expected) => {
    expect(safeCallbackUrl(url, BASE)).toBe(expected);
  });

  it.each([
    "/\\evil.com",
    "\\\\evil",
    "\\/evil.com",
    "//evil.com",
    "///evil.com",
    "/\t/evil.com",
    "/\n/evil.com",
    " /users",
    "https://evil.com/x",
    "http://localhost:3001/users",
    "https://localhost:3000/users",
    `${BASE}.evil.com/x`,
    `${BASE}@evil.com/x`,
    "javascript:alert(1)",
    "data:text/html,x",
    "users",
    "http://[::1",
    "",
    undefined,
    null,
    42,
  ])("sends %j to the sign-in page", (url) => {
    expect(safeCallbackUrl(url, BASE)).toBe(SIGN_IN);
  });

  it("keeps a base URL's path out of the decision: only the origin counts", () => {
    expect(safeCallbackUrl("//evil.com", "https://idp.example.com")).toBe("https://idp.example.com/signin");
    expect(safeCallbackUrl("/users", "https://idp.example.com")).toBe("https://idp.example.com/users");
  });
});
