import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ConsoleClient } from "../support/console-client";
import { fetchAdminApi } from "../support/admin-api-contract";
import { basicAuth } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

describe.each(DIALECTS)("users and groups through the admin API with the console session on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    removeDataDir(server.dataDir);
  });

  it("reports health with the database up", async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "up" });
  });

  it("refuses the admin API without a session or credentials", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/users`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("UNAUTHENTICATED");
  });

  it("refuses bodies that are not valid UTF-8 or hold a lone surrogate, and creates nothing", async () => {
    const body = JSON.stringify({ domain: "PRIMARY", userName: "utf8.check", givenName: "@", password: "correct horse", active: true });
    const at = body.indexOf("@");
    const invalid = Buffer.concat([Buffer.from(body.slice(0, at)), Buffer.from([0xff]), Buffer.from(body.slice(at + 1))]);
    for (const payload of [invalid, body.replace("@", "\\udfff")]) {
      const res = await admin.fetch("/api/server/v1/users", { method: "POST", headers: { "content-type": "application/json" }, body: payload });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("INVALID_INPUT");
    }
    const found = await admin.fetch("/api/server/v1/users?search=utf8.check");
    expect(JSON.stringify(await found.json())).not.toContain("utf8.check");
  });

  it("creates, reads, updates and deletes a user", async () => {
    const created = await admin.fetch("/api/server/v1/users", {
      method: "POST",
      json: { domain: "PRIMARY", userName: "Kim.Lee", givenName: "Kim", familyName: "Lee", email: "kim@example.com", password: "correct horse", active: true },
    });
    expect(created.status).toBe(201);
    const user = await created.json();
    expect(user).toMatchObject({
      userName: "Kim.Lee",
      domain: "PRIMARY",
      name: { givenName: "Kim", familyName: "Lee" },
      emails: [{ value: "kim@example.com", primary: true }],
      hasPassword: true,
      version: 1,
    });
    expect(JSON.stringify(user)).not.toContain("argon2");

    const listed = await (await admin.fetch("/api/server/v1/users?search=KIM.L")).json();
    expect(listed.items.map((u: { id: string }) => u.id)).toContain(user.id);

    const updated = await admin.fetch(`/api/server/v1/users/${user.id}`, {
      method: "PUT",
      json: { domain: "PRIMARY", userName: "Kim.Lee", displayName: "Kim L.", email: "kim.lee@example.com", active: false, version: user.version },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ displayName: "Kim L.", active: false, emails: [{ value: "kim.lee@example.com" }], version: 2, hasPassword: true });

    const stale = await admin.fetch(`/api/server/v1/users/${user.id}`, { method: "PUT", json: { domain: "PRIMARY", userName: "Kim.Lee", displayName: "X", version: 1 } });
    expect(stale.status).toBe(412);

    expect((await admin.fetch(`/api/server/v1/users/${user.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await admin.fetch(`/api/server/v1/users/${user.id}`)).status).toBe(404);
  });

  it("keeps attributes the form does not show when saving", async () => {
    const user = await (await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "keeper", email: "a@example.com" } })).json();
    const saved = await (await admin.fetch(`/api/server/v1/users/${user.id}`, { method: "PUT", json: { domain: "PRIMARY", userName: "keeper", email: "b@example.com", displayName: "K" } })).json();
    expect(saved.emails).toEqual([{ value: "b@example.com", type: "work", primary: true }]);
    const same = await (await admin.fetch(`/api/server/v1/users/${user.id}`, { method: "PUT", json: { domain: "PRIMARY", userName: "keeper", email: "b@example.com", displayName: "K" } })).json();
    expect(same.version).toBe(saved.version);
  });

  it("rejects a duplicate user name case-insensitively with a field error", async () => {
    expect((await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "dup.user" } })).status).toBe(201);
    const dup = await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "DUP.User" } });
    expect(dup.status).toBe(409);
    const body = await dup.json();
    expect(body.fieldErrors.userName).toMatch(/already taken/);
  });

  it("answers bad input with field errors, never a 500", async () => {
    const invalid = await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "", email: "not-an-email", password: "short" } });
    expect(invalid.status).toBe(400);
    const error = await invalid.json();
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["email", "password", "userName"]);

    const unknownStore = await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "NOPE", userName: "x" } });
    expect(unknownStore.status).toBe(400);
    expect((await unknownStore.json()).message).toMatch(/NOPE/);

    const badJson = await admin.fetch("/api/server/v1/users", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(badJson.status).toBe(400);

    expect((await admin.fetch("/api/server/v1/users/does-not-exist")).status).toBe(404);
  });

  it("manages groups and single-member changes", async () => {
    const a = await (await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "member.a" } })).json();
    const b = await (await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "member.b" } })).json();
    const created = await admin.fetch("/api/server/v1/groups", { method: "POST", json: { domain: "PRIMARY", displayName: "Engineering" } });
    expect(created.status).toBe(201);
    const group = await created.json();
    expect((await admin.fetch("/api/server/v1/groups", { method: "POST", json: { domain: "PRIMARY", displayName: "engineering" } })).status).toBe(409);

    expect(await (await admin.fetch(`/api/server/v1/groups/${group.id}/members`, { method: "POST", json: { userIds: [a.id, b.id] } })).json()).toEqual({
      added: 2,
      outboundFailures: [],
      outboundResults: [],
    });
    expect(await (await admin.fetch(`/api/server/v1/groups/${group.id}/members`, { method: "POST", json: { userIds: [a.id] } })).json()).toEqual({
      added: 0,
      outboundFailures: [],
      outboundResults: [],
    });
    expect((await admin.fetch(`/api/server/v1/groups/${group.id}/members`, { method: "POST", json: { userIds: ["missing"] } })).status).toBe(400);
    const members = await (await admin.fetch(`/api/server/v1/groups/${group.id}/members`)).json();
    expect(members.items.map((u: { userName: string }) => u.userName)).toEqual(["member.a", "member.b"]);

    expect(await (await admin.fetch(`/api/server/v1/groups/${group.id}/members`, { method: "DELETE", json: { userIds: [a.id] } })).json()).toEqual({
      removed: 1,
      outboundFailures: [],
      outboundResults: [],
    });
    const renamed = await (await admin.fetch(`/api/server/v1/groups/${group.id}`, { method: "PATCH", json: { displayName: "Platform" } })).json();
    expect(renamed).toMatchObject({ displayName: "Platform", memberCount: 1 });

    // deleting a user removes their memberships
    await admin.fetch(`/api/server/v1/users/${b.id}`, { method: "DELETE" });
    expect((await (await admin.fetch(`/api/server/v1/groups/${group.id}`)).json()).memberCount).toBe(0);
    expect((await admin.fetch(`/api/server/v1/groups/${group.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("refuses to delete the account the caller is signed in with", async () => {
    const { user } = (await (await admin.fetch("/api/auth/session")).json()) as { user: { id: string } };
    const res = await admin.fetch(`/api/server/v1/users/${user.id}`, { method: "DELETE" });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/signed in with/);
  });

  it("serves the same users to scripts with Basic credentials, audited as the API's", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/users?search=admin&count=5`, { headers: { authorization: basicAuth({ user: "admin", password: "admin" }) } });
    expect(res.status).toBe(200);
    const page = await res.json();
    expect(page).toMatchObject({ startIndex: 1, totalResults: expect.any(Number) });
    expect(page.items.map((u: { userName: string }) => u.userName)).toContain("admin");
  });

  it("lists the roles a connection's provisioning may be limited to", async () => {
    const res = await admin.fetch("/api/server/v1/identity-providers/meta/roles");
    expect(res.status).toBe(200);
    expect((await res.json()).map((r: { name: string }) => r.name)).toContain("admin");
  });

  it("locks an account after repeated wrong passwords", async () => {
    await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "lockme", password: "right password" } });
    const client = new ConsoleClient(server.baseUrl);
    for (let i = 0; i < 4; i++) expect(await client.signIn("lockme", "wrong")).toBe("invalid");
    expect(await client.signIn("lockme", "wrong")).toBe("locked");
    expect(await client.signIn("lockme", "right password")).toBe("locked");
  });

  it("refuses console sign-in to a user without the console permission", async () => {
    await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "plain.user", password: "plain password" } });
    expect(await new ConsoleClient(server.baseUrl).signIn("plain.user", "plain password")).toBe("forbidden");
  });
});
