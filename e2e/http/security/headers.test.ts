import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ConsoleClient } from "../../support/console-client";
import { basicAuth } from "../../support/scim-client";

const admin = { authorization: basicAuth({ user: "admin", password: "admin" }) };

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(res.headers.get("x-frame-options"), `${what}: X-Frame-Options`).toBe("DENY");
  expect(res.headers.get("x-content-type-options"), `${what}: X-Content-Type-Options`).toBe("nosniff");
  expect(res.headers.get("referrer-policy"), `${what}: Referrer-Policy`).toBe("no-referrer");
}

// Headers do not depend on the database, so one dialect is enough here.
describe("security headers on every answer", () => {
  let server: ProvisioInstance;
  let console_: ConsoleClient;

  beforeAll(async () => {
    server = await startProvisio();
    console_ = new ConsoleClient(server.baseUrl);
    expect(await console_.signIn("admin", "admin")).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  it("protects pages against framing and sniffing, with a script policy", async () => {
    // the sign-in page as a visitor sees it, a console page as the signed-in administrator does
    for (const [path, get] of [
      ["/signin", (p: string) => fetch(server.baseUrl + p)],
      ["/users", (p: string) => console_.fetch(p)],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      expectSecurityHeaders(res, path);
      expect(res.headers.get("content-security-policy")).toMatch(/script-src [^;]*'self'/);
      expect(res.headers.get("strict-transport-security"), "no HSTS over http").toBeNull();
    }
  });

  it.each([
    ["admin API with the console session", "/api/server/v1/users", {}],
    ["admin API", "/api/server/v1/userstores", admin],
    ["SCIM 2.0", "/scim2/Users", admin],
    ["SCIM 1.1", "/wso2/scim/Users", admin],
    ["session", "/api/auth/session", {}],
  ])("sends them and Cache-Control: no-store on the %s, which carries identity data", async (what, path, headers) => {
    const res = await console_.fetch(path, { headers });
    expect(res.status, what).toBe(200);
    expectSecurityHeaders(res, what);
    expect(res.headers.get("cache-control"), what).toContain("no-store");
  });

  it.each([
    ["SCIM without credentials", "/scim2/Users"],
    ["an unknown SCIM resource", "/scim2/Nothing"],
    ["the admin API without a session", "/api/server/v1/users"],
  ])("sends them on errors too: %s", async (what, path) => {
    const res = await fetch(server.baseUrl + path);
    expect(res.status, what).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(res, what);
    expect(res.headers.get("cache-control"), what).toContain("no-store");
  });

  it.each(["/oauth2/jwks", "/.well-known/openid-configuration", "/api/health", "/nothing-here"])("sends them on %s", async (path) => {
    expectSecurityHeaders(await fetch(server.baseUrl + path), path);
  });
});

describe("HSTS when the base URL is https", () => {
  let server: ProvisioInstance;

  beforeAll(async () => {
    server = await startProvisio({ env: { PROVISIO_BASE_URL: "https://provisio.example.com" } });
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  it.each(["/signin", "/api/health", "/scim2/Users", "/oauth2/jwks"])("sends Strict-Transport-Security on %s", async (path) => {
    const res = await fetch(server.baseUrl + path, { redirect: "manual" });
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    expectSecurityHeaders(res, path);
  });
});
