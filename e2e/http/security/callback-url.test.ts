import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ConsoleClient } from "../../support/console-client";

// Redirect targets do not depend on the database, so one dialect is enough here.
describe("callback URLs of sign-in and sign-out", () => {
  let server: ProvisioInstance;

  beforeAll(async () => {
    server = await startProvisio();
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  const BAD = ["/\\evil.com", "\\\\evil", "\\/evil.com", "//evil.com", "https://evil.com/x", "javascript:alert(1)", "http://localhost:1/x", " /users", "http://[::1"];

  it.each(BAD)("sends a sign-out with callbackUrl %j to the sign-in page", async (callbackUrl) => {
    const browser = new ConsoleClient(server.baseUrl);
    expect(await browser.signIn("admin", "admin")).toBeUndefined();
    const res = await browser.signOut(callbackUrl);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${server.baseUrl}/signin`);
  });

  it("follows a same-origin callback after sign-out", async () => {
    const browser = new ConsoleClient(server.baseUrl);
    expect(await browser.signIn("admin", "admin")).toBeUndefined();
    const res = await browser.signOut("/users?x=1");
    expect(res.headers.get("location")).toBe(`${server.baseUrl}/users?x=1`);
  });

  it.each(BAD)("does not follow callbackUrl %j after a sign-in", async (callbackUrl) => {
    const browser = new ConsoleClient(server.baseUrl);
    const { csrfToken } = await (await browser.fetch("/api/auth/csrf")).json();
    const res = await browser.fetch("/api/auth/callback/local", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, username: "admin", password: "admin", callbackUrl }).toString(),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${server.baseUrl}/signin`);
  });

  it("remembers a console page with a backslash or double slash as a path of this site", async () => {
    for (const path of ["/\\evil.com", "//evil.com/users"]) {
      const res = await fetch(server.baseUrl + path, { redirect: "manual" });
      expect(res.status, path).toBeLessThan(500);
      const location = res.headers.get("location");
      if (location) expect(new URL(location, server.baseUrl).origin, path).toBe(server.baseUrl);
    }
  });
});
