import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimClient, type RequestBody } from "../../support/scim-client";
import { eventually as poll } from "../../support/eventually";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { fastRetries, provisionTo } from "../../support/outbound-setup";
import { createSql } from "../../../lib/db/sql";

/** A SCIM request to an instance as its admin. */
const scim = (base: string, method: string, path: string, body?: RequestBody) => new ScimClient(base).scim(method, path, body);

// restarts and 1,000-event queues: a long patience, polled gently
const eventually = <T>(probe: () => Promise<T | undefined>, what: string) => poll(probe, what, 150_000, 200);

const count = async (b: ProvisioInstance, filter: string) => (await scim(b.baseUrl, "GET", `/Users?count=0&filter=${encodeURIComponent(filter)}`)).body.totalResults as number;

describe("no loss when A is killed mid-queue", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await Promise.all([startProvisio(), startProvisio()]);
    await fastRetries(a);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    removeDataDir(a.dataDir);
    removeDataDir(b.dataDir);
  });

  it("delivers 1,000 queued creates exactly once after a SIGKILL and restart", async () => {
    // B is unreachable while the events queue, so all 1,000 are pending when A dies
    await b.stop();
    await provisionTo(a, b);
    const ops = Array.from({ length: 1000 }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { schemas: [], userName: `bulk.kill.${i}` } }));
    const bulk = await scim(a.baseUrl, "POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: ops });
    expect(bulk.status).toBe(200);
    const sql = createSql(a.databaseUrl);
    try {
      const queued = await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" <> 'delivered'`);
      expect(Number(queued?.n)).toBe(1000);
    } finally {
      await sql.close();
    }
    await a.kill();
    b = await startProvisio({ dataDir: b.dataDir, port: b.port });
    a = await startProvisio({ dataDir: a.dataDir, port: a.port });
    await eventually(async () => ((await count(b, 'userName sw "bulk.kill."')) === 1000 ? true : undefined), "1,000 users at B");
    // exactly once: one remote user per local user, every event delivered, no duplicates at B
    expect(await count(b, 'userName sw "bulk.kill."')).toBe(1000);
    const after = createSql(a.databaseUrl);
    try {
      await eventually(async () => {
        const left = await after.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" <> 'delivered'`);
        return Number(left?.n) === 0 ? true : undefined;
      }, "an empty queue");
      const mapped = await after.get<{ n: number; d: number }>(`SELECT COUNT(*) AS "n", COUNT(DISTINCT "remoteId") AS "d" FROM "RemoteMapping"`);
      expect(Number(mapped?.n)).toBe(1000);
      expect(Number(mapped?.d)).toBe(1000);
    } finally {
      await after.close();
    }
    // 1,000 creates, a crash, two restarts and 1,000 deliveries: generous on a loaded 2-core machine
  }, 240_000);
});

describe("provisioning roles, SCIM 1.1 and application-level configuration", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await Promise.all([startProvisio(), startProvisio()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    removeDataDir(a.dataDir);
    removeDataDir(b.dataDir);
  });

  it("provisions only holders of the connection's provisioning role, creating on grant and deleting on revoke", async () => {
    const role = (await scim(a.baseUrl, "POST", "/Roles", { schemas: ["urn:ietf:params:scim:schemas:extension:2.0:Role"], displayName: "b-users" })).body;
    await provisionTo(a, b, { roleIds: [role.id] });
    // the configuration was written behind A's back (as another instance would): A picks it up within its cache period
    await new Promise((r) => setTimeout(r, 3500));
    const holder = (await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName: "role.holder" })).body;
    await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName: "role.outsider" });
    await scim(a.baseUrl, "PATCH", `/Roles/${role.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "users", value: [{ value: holder.id }] }] });
    await eventually(async () => ((await count(b, 'userName eq "role.holder"')) === 1 ? true : undefined), "role holder at B");
    expect(await count(b, 'userName eq "role.outsider"')).toBe(0);
    await scim(a.baseUrl, "PATCH", `/Roles/${role.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "remove", path: `users[value eq "${holder.id}"]` }] });
    await eventually(async () => ((await count(b, 'userName eq "role.holder"')) === 0 ? true : undefined), "revoked holder removed at B");
  });

  it("provisions through the SCIM 1.1 connector", async () => {
    const c = await startProvisio();
    try {
      await provisionTo(c, b, { type: "scim11" });
      const u = (await scim(c.baseUrl, "POST", "/Users", { schemas: [], userName: "via.scim11", name: { givenName: "Eleven" } })).body;
      await eventually(async () => ((await count(b, 'userName eq "via.scim11"')) === 1 ? true : undefined), "SCIM 1.1 create at B");
      await scim(c.baseUrl, "PATCH", `/Users/${u.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "name.givenName", value: "Twelve" }] });
      await eventually(async () => {
        const r = (await scim(b.baseUrl, "GET", `/Users?filter=${encodeURIComponent('userName eq "via.scim11"')}`)).body.Resources?.[0];
        return r?.name?.givenName === "Twelve" ? true : undefined;
      }, "SCIM 1.1 update at B");
      await scim(c.baseUrl, "DELETE", `/Users/${u.id}`);
      await eventually(async () => ((await count(b, 'userName eq "via.scim11"')) === 0 ? true : undefined), "SCIM 1.1 delete at B");
    } finally {
      await c.stop();
      removeDataDir(c.dataDir);
    }
  });

  it("uses the outbound configuration of the application whose bearer token made the change", async () => {
    const { createApplication } = await import("../../../lib/identity/applications");
    const sql = createSql(a.databaseUrl);
    let credentials: { clientId: string; clientSecret: string; id: string };
    try {
      const created = await createApplication(sql, { name: "app-to-b", kind: "m2m", scopes: ["internal_user_mgt_create"] }, { name: "test", channel: "api" });
      credentials = { clientId: created.application.clientId!, clientSecret: created.clientSecret, id: created.application.id };
    } finally {
      await sql.close();
    }
    const c = await startProvisio();
    try {
      await provisionTo(a, c, { serviceProviderId: credentials.id });
      const token = await (
        await fetch(`${a.baseUrl}/oauth2/token`, {
          method: "POST",
          headers: { authorization: "Basic " + Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
          body: "grant_type=client_credentials&scope=internal_user_mgt_create",
        })
      ).json();
      const res = await fetch(`${a.baseUrl}/scim2/Users`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/scim+json" },
        body: JSON.stringify({ schemas: [], userName: "via.app" }),
      });
      expect(res.status).toBe(201);
      await eventually(async () => ((await count(c, 'userName eq "via.app"')) === 1 ? true : undefined), "the app's target received the user");
      // Basic-auth changes use the resident configuration, which does not list C
      await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName: "via.basic" });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await count(c, 'userName eq "via.basic"')).toBe(0);
    } finally {
      await c.stop();
      removeDataDir(c.dataDir);
    }
  });

  it("in proxy mode passes a SCIM create on to the targets without storing the user", async () => {
    const { createApplication, setInboundSettings } = await import("../../../lib/identity/applications");
    const sql = createSql(a.databaseUrl);
    let credentials: { clientId: string; clientSecret: string; id: string };
    try {
      const created = await createApplication(sql, { name: "proxy-app", kind: "m2m", scopes: ["internal_user_mgt_create"] }, { name: "test", channel: "api" });
      credentials = { clientId: created.application.clientId!, clientSecret: created.clientSecret, id: created.application.id };
      await setInboundSettings(sql, credentials.id, { userStore: "PRIMARY", proxyMode: true }, { name: "test", channel: "api" });
    } finally {
      await sql.close();
    }
    await provisionTo(a, b, { serviceProviderId: credentials.id });
    // settings written behind A's back reach it within its cache period
    await new Promise((r) => setTimeout(r, 5500));
    const token = await (
      await fetch(`${a.baseUrl}/oauth2/token`, {
        method: "POST",
        headers: { authorization: "Basic " + Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&scope=internal_user_mgt_create",
      })
    ).json();
    const res = await fetch(`${a.baseUrl}/scim2/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: [], userName: "proxied.user" }),
    });
    expect(res.status).toBe(201);
    await eventually(async () => ((await count(b, 'userName eq "proxied.user"')) === 1 ? true : undefined), "the proxied user at B");
    expect(await count(a, 'userName eq "proxied.user"')).toBe(0);
  });
});
