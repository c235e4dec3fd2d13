import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAdminApi } from "../support/admin-api-contract";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ConsoleClient } from "../support/console-client";
import { basicAuth, ScimClient, SCHEMAS } from "../support/scim-client";
import { createSql, type Sql } from "../../lib/db/sql";

// The console calls the admin API with its session cookie; scripts keep using Basic or a bearer token.
describe("the admin API with the console's session", () => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;
  let sql: Sql;
  let serial = 0;
  const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`;

  beforeAll(async () => {
    server = await startProvisio();
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    sql = createSql(server.databaseUrl);
  });
  afterAll(async () => {
    await sql?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  const auditChannelOf = async (targetId: string) =>
    (await sql.get<{ actor: string; channel: string }>(`SELECT "actor", "channel" FROM "AuditEvent" WHERE "targetId" = ? ORDER BY "at" DESC`, [targetId]))!;

  it("answers reads with the session alone", async () => {
    const res = await admin.fetch("/api/server/v1/applications");
    expect(res.status).toBe(200);
    expect(Array.isArray(await res.json())).toBe(true);
  });

  it("answers 401 with neither a session nor an Authorization header", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/applications`);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("UNAUTHENTICATED");
  });

  it("audits a session's change as the console's and a Basic caller's as the API's", async () => {
    const viaConsole = await admin.fetch("/api/server/v1/applications", { method: "POST", json: { name: unique("console-app") } });
    expect(viaConsole.status).toBe(201);
    expect(await auditChannelOf((await viaConsole.json()).id)).toEqual({ actor: "admin", channel: "console" });

    const viaScript = await fetchAdminApi(`${server.baseUrl}/api/server/v1/applications`, {
      method: "POST",
      headers: { authorization: basicAuth({ user: "admin", password: "admin" }), "content-type": "application/json" },
      body: JSON.stringify({ name: unique("script-app") }),
    });
    expect(viaScript.status).toBe(201);
    expect(await auditChannelOf((await viaScript.json()).id)).toEqual({ actor: "admin", channel: "api" });
  });

  it("authenticates by the Authorization header when one is sent, whatever session comes with it", async () => {
    const res = await admin.fetch("/api/server/v1/applications", { headers: { authorization: basicAuth({ user: "admin", password: "wrong" }) } });
    expect(res.status).toBe(401);
  });

  it("answers invalid input with WSO2's error body and the fields that are wrong", async () => {
    const res = await admin.fetch("/api/server/v1/applications", { method: "POST", json: { name: "" } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ code: "INVALID_INPUT", message: expect.any(String), description: expect.any(String), traceId: expect.any(String) });
    expect(body.fieldErrors).toEqual({ name: expect.any(String) });
  });

  it("gives a session the signed-in user's permissions, by the same names", async () => {
    const userName = unique("lister");
    const created = await admin.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName, password: "lister password" } });
    expect(created.status).toBe(201);
    const scim = new ScimClient(server.baseUrl, { user: "admin", password: "admin" });
    const role = await scim.scim("POST", "/Roles", {
      schemas: [SCHEMAS.role],
      displayName: unique("listers"),
      permissions: [{ value: "console_login" }, { value: "internal_user_mgt_list" }],
      users: [{ value: (await created.json()).id }],
    });
    expect(role.status, role.text).toBe(201);

    const lister = new ConsoleClient(server.baseUrl);
    expect(await lister.signIn(userName, "lister password")).toBeUndefined();
    expect((await lister.fetch("/api/server/v1/users")).status).toBe(200);
    const write = await lister.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: unique("not-created") } });
    expect(write.status).toBe(403);
    expect((await write.json()).code).toBe("FORBIDDEN");
    expect((await lister.fetch("/api/server/v1/applications")).status).toBe(403);
  });
});
