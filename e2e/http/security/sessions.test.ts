import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { ConsoleClient } from "../../support/console-client";
import { ScimClient } from "../../support/scim-client";
import { DIALECTS, databaseFor, freshPostgresDatabase } from "../databases";
import { PASSWORD, createUser, patchBody, unique } from "../scim/setup";

/** Replays a captured Cookie header against an admin API read, as the console makes it. */
const replay = (baseUrl: string, cookie: string) => fetch(`${baseUrl}/api/server/v1/users`, { headers: { cookie }, redirect: "manual" });

describe.each(DIALECTS)("console sessions end when they should, on %s", (dialect) => {
  let server: ProvisioInstance;
  let scim: ScimClient;
  let adminRoleId: string;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    scim = new ScimClient(server.baseUrl);
    const roles = await scim.scim("GET", `/Roles?filter=${encodeURIComponent('displayName eq "admin"')}`);
    adminRoleId = roles.body.Resources[0].id;
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  /** A new administrator signed in to the console: the victim of each scenario. */
  async function signedInAdmin() {
    const userName = unique("operator");
    const user = await createUser(scim, userName, { password: PASSWORD });
    expect((await scim.scim("PATCH", `/Roles/${adminRoleId}`, patchBody({ op: "add", path: "users", value: [{ value: user.id }] }))).status).toBe(200);
    const browser = new ConsoleClient(server.baseUrl);
    expect(await browser.signIn(userName, PASSWORD)).toBeUndefined();
    const cookie = browser.cookieHeader();
    expect((await replay(server.baseUrl, cookie)).status).toBe(200);
    return { user, userName, browser, cookie };
  }

  it("refuses the cookie of a session after its sign-out", async () => {
    const { browser, cookie } = await signedInAdmin();
    const out = await browser.signOut();
    expect(out.status).toBeLessThan(400);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
    expect(await (await fetch(`${server.baseUrl}/api/auth/session`, { headers: { cookie } })).json()).toEqual({});
    const page = await fetch(`${server.baseUrl}/users`, { headers: { cookie }, redirect: "manual" });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location")!, server.baseUrl).pathname).toBe("/signin");
  });

  it("ends only the session that signed out, not the user's other sessions", async () => {
    const { userName, browser, cookie } = await signedInAdmin();
    const other = new ConsoleClient(server.baseUrl);
    expect(await other.signIn(userName, PASSWORD)).toBeUndefined();
    await browser.signOut();
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
    expect((await replay(server.baseUrl, other.cookieHeader())).status).toBe(200);
  });

  it("ends every session of a user whose password changes", async () => {
    const { user, userName, cookie } = await signedInAdmin();
    const changed = await scim.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "password", value: "a new password 42" }));
    expect(changed.status, changed.text).toBe(200);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
    const again = new ConsoleClient(server.baseUrl);
    expect(await again.signIn(userName, "a new password 42")).toBeUndefined();
  });

  it("keeps the sessions of a user whose password someone keeps guessing: only the guessing address is locked", async () => {
    const { userName, cookie } = await signedInAdmin();
    for (let i = 0; i < 5; i++) await new ConsoleClient(server.baseUrl).signIn(userName, "wrong password");
    expect(await new ConsoleClient(server.baseUrl).signIn(userName, PASSWORD)).toBe("locked");
    // ending them would hand anyone who can reach the sign-in page a way to sign the administrator out
    expect((await replay(server.baseUrl, cookie)).status).toBe(200);
  });

  it("ends every session of a disabled user for good, even once enabled again", async () => {
    const { user, cookie } = await signedInAdmin();
    expect((await scim.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
    expect((await scim.scim("PATCH", `/Users/${user.id}`, patchBody({ op: "replace", path: "active", value: true }))).status).toBe(200);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
  });

  it("takes console access away at once when the administrator role is removed", async () => {
    const { user, cookie } = await signedInAdmin();
    const removed = await scim.scim("PATCH", `/Roles/${adminRoleId}`, patchBody({ op: "remove", path: `users[value eq "${user.id}"]` }));
    expect(removed.status, removed.text).toBe(200);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
  });

  it("refuses the cookie of a deleted user", async () => {
    const { user, cookie } = await signedInAdmin();
    expect((await scim.scim("DELETE", `/Users/${user.id}`)).status).toBe(204);
    expect((await replay(server.baseUrl, cookie)).status).toBe(401);
  });
});

describe("a sign-out on one instance holds on another sharing the database", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;

  beforeAll(async () => {
    const databaseUrl = await freshPostgresDatabase();
    a = await startProvisio({ databaseUrl });
    b = await startProvisio({ databaseUrl });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    removeDataDir(a.dataDir);
    removeDataDir(b.dataDir);
  });

  // each instance names its cookie after its base URL; a load balancer would give both the same name
  const cookieOf = (instance: ProvisioInstance, value: string) => `provisio-${createHash("sha256").update(instance.baseUrl).digest("hex").slice(0, 8)}.session=${value}`;

  it("refuses on instance B, within a second, the session signed out on instance A", async () => {
    const browser = new ConsoleClient(a.baseUrl);
    expect(await browser.signIn("admin", "admin")).toBeUndefined();
    const token = browser.cookieHeader().match(/\.session=([^;]+)/)![1];
    expect((await replay(b.baseUrl, cookieOf(b, token))).status).toBe(200);
    await browser.signOut();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await replay(b.baseUrl, cookieOf(b, token))).status).toBe(401);
  });
});
