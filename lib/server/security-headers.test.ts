import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

const asMap = (list: ReadonlyArray<readonly [string, string]>) => Object.fromEntries(list);

describe("securityHeaders", () => {
  const http = securityHeaders("http://localhost:3000");

  it("forbids framing, sniffing and referrers everywhere", () => {
    for (const path of ["/", "/users", "/signin", "/scim2/Users", "/oauth2/jwks", "/_next/static/x.js"]) {
      const headers = asMap(http.forPath(path));
      expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(headers["content-security-policy"]).toContain("object-src 'none'");
      expect(headers["x-frame-options"]).toBe("DENY");
      expect(headers["x-content-type-options"]).toBe("nosniff");
      expect(headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  it("keeps caches away from the APIs that carry identity data only", () => {
    for (const path of ["/api/server/v1/users", "/api/server/v1/userstores", "/api/auth/session", "/scim2", "/scim2/Users/1", "/wso2/scim/Users"]) {
      expect(asMap(http.forPath(path))["cache-control"], path).toBe("no-store");
    }
    for (const path of ["/users", "/_next/static/chunk.js", "/oauth2/jwks"]) expect(asMap(http.forPath(path))["cache-control"], path).toBeUndefined();
  });

  it("sends HSTS only for an https base URL", () => {
    expect(asMap(http.forPath("/"))["strict-transport-security"]).toBeUndefined();
    expect(asMap(securityHeaders("https://idp.example.com").forPath("/scim2/Users"))["strict-transport-security"]).toMatch(/^max-age=31536000/);
  });
});
