import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAdminApi } from "../../support/admin-api-contract";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ConsoleClient } from "../../support/console-client";
import { basicAuth } from "../../support/scim-client";

// The origin checks do not touch the database, so one dialect is enough here.
describe("cross-site request forgery on the admin API, with the console session and with credentials", () => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;
  let otherPort: string;

  beforeAll(async () => {
    server = await startProvisio();
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    // another port on the same host: same site, other origin
    otherPort = `http://localhost:${server.port + 1}`;
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  /** A request as the browser sends it with the admin's cookie, only the headers given. */
  const withCookie = (path: string, init: { method: string; headers?: Record<string, string>; body?: string }) =>
    fetchAdminApi(server.baseUrl + path, { method: init.method, body: init.body, redirect: "manual", headers: { cookie: admin.cookieHeader(), ...init.headers } });

  const userBody = (userName: string) => JSON.stringify({ domain: "PRIMARY", userName, password: "attacker-chosen", active: true });
  const exists = async (userName: string) => {
    const listed = await (await admin.fetch(`/api/server/v1/users?search=${encodeURIComponent(userName)}`)).json();
    return listed.items.some((u: { userName: string }) => u.userName === userName);
  };

  it("refuses a text/plain JSON post from a page on another port of the same host", async () => {
    const res = await withCookie("/api/server/v1/users", {
      method: "POST",
      headers: { "content-type": "text/plain;charset=UTF-8", origin: otherPort, "sec-fetch-site": "same-site" },
      body: userBody("planted.same.site"),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("FORBIDDEN");
    expect(await exists("planted.same.site")).toBe(false);
  });

  it.each([
    ["a cross-site origin", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }],
    ["an opaque origin", { origin: "null" }],
    ["Sec-Fetch-Site cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site without Origin", { "sec-fetch-site": "same-site" }],
    ["the host name on the default port", { origin: "http://localhost" }],
    ["neither Origin nor Sec-Fetch-Site", {}],
  ])("refuses a cookie-authenticated JSON post with %s", async (_name, headers) => {
    const userName = `planted.${Math.random().toString(36).slice(2, 8)}`;
    const res = await withCookie("/api/server/v1/users", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: userBody(userName) });
    expect(res.status).toBe(403);
    expect(await exists(userName)).toBe(false);
  });

  it("refuses a same-origin post whose body is not JSON", async () => {
    const res = await withCookie("/api/server/v1/users", {
      method: "POST",
      headers: { "content-type": "text/plain", origin: new URL(server.baseUrl).origin, "sec-fetch-site": "same-origin" },
      body: userBody("planted.text.plain"),
    });
    expect(res.status).toBe(415);
    expect(await exists("planted.text.plain")).toBe(false);
  });

  it("refuses cross-origin PUT and DELETE as well", async () => {
    const created = await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "victim.user" } });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const put = await withCookie(`/api/server/v1/users/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", origin: otherPort },
      body: JSON.stringify({ domain: "PRIMARY", userName: "victim.user", password: "attacker-chosen" }),
    });
    expect(put.status).toBe(403);
    const del = await withCookie(`/api/server/v1/users/${id}`, { method: "DELETE", headers: { "sec-fetch-site": "same-site" } });
    expect(del.status).toBe(403);
    expect((await admin.fetch(`/api/server/v1/users/${id}`)).status).toBe(200);
  });

  it("accepts the console's own requests: same origin, JSON, and a bodiless DELETE", async () => {
    const origin = new URL(server.baseUrl).origin;
    const created = await withCookie("/api/server/v1/users", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", origin, "sec-fetch-site": "same-origin" },
      body: userBody("own.request"),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    // Sec-Fetch-Site alone is enough when a browser leaves Origin out
    const del = await withCookie(`/api/server/v1/users/${id}`, { method: "DELETE", headers: { "sec-fetch-site": "same-origin" } });
    expect(del.status).toBe(204);
  });

  it("still answers reads without Origin", async () => {
    expect((await withCookie("/api/server/v1/users", { method: "GET" })).status).toBe(200);
  });

  it("keeps the admin API open to scripts with Basic credentials and no browser headers", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/provisioning/retry`, {
      method: "POST",
      headers: { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
  });

  it("refuses an admin API write sent by a page of another origin, even with credentials the browser remembers", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/provisioning/retry`, {
      method: "POST",
      headers: { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": "text/plain", origin: otherPort, "sec-fetch-site": "same-site" },
      body: "{}",
    });
    expect(res.status).toBe(403);
  });
});
