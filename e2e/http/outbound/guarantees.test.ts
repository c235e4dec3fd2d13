import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUsersAt as count, scimAsAdmin as scim, userAt } from "../../support/scim-client";
import { eventually as poll } from "../../support/eventually";
import { restartProvisio, startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, startPair, withSql } from "../../support/outbound-setup";
import { createApplication, setInboundSettings } from "../../../lib/identity/applications";

// restarts and 1,000-event queues: a long patience, polled gently
const eventually = <T>(probe: () => Promise<T | undefined>, what: string) => poll(probe, what, 150_000, 200);

interface AppCredentials {
  id: string;
  clientId: string;
  clientSecret: string;
}

/** A machine-to-machine application at the instance, allowed to create users; in proxy mode when asked. */
async function userCreatingApp(instance: ProvisioInstance, name: string, options: { proxyMode?: boolean } = {}): Promise<AppCredentials> {
  return withSql(instance, async (sql) => {
    const created = await createApplication(sql, { name, kind: "m2m", scopes: ["internal_user_mgt_create"] }, { name: "test", channel: "api" });
    const credentials = { clientId: created.application.clientId!, clientSecret: created.clientSecret, id: created.application.id };
    if (options.proxyMode) await setInboundSettings(sql, credentials.id, { userStore: "PRIMARY", proxyMode: true }, { name: "test", channel: "api" });
    return credentials;
  });
}

/** A SCIM create at the instance with a client credentials token of the application. */
async function createUserAsApp(instance: ProvisioInstance, credentials: AppCredentials, userName: string): Promise<Response> {
  const token = await (
    await fetch(`${instance.baseUrl}/oauth2/token`, {
      method: "POST",
      headers: { authorization: "Basic " + Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString("base64"), "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&scope=internal_user_mgt_create",
    })
  ).json();
  return fetch(`${instance.baseUrl}/scim2/Users`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: [], userName }),
  });
}

describe("no loss when A is killed mid-queue", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await startPair({ fastRetries: 50 });
  });
  afterAll(() => stopAndRemove(a, b));

  it("delivers 1,000 queued creates exactly once after a SIGKILL and restart", async () => {
    // B is unreachable while the events queue, so all 1,000 are pending when A dies
    await b.stop();
    await provisionTo(a, b);
    const ops = Array.from({ length: 1000 }, (_, i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { schemas: [], userName: `bulk.kill.${i}` } }));
    const bulk = await scim(a.baseUrl, "POST", "/Bulk", { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: ops });
    expect(bulk.status).toBe(200);
    await withSql(a, async (sql) => {
      const queued = await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" <> 'delivered'`);
      expect(Number(queued?.n)).toBe(1000);
    });
    await a.kill();
    b = await restartProvisio(b);
    a = await restartProvisio(a);
    await eventually(async () => ((await count(b, 'userName sw "bulk.kill."')) === 1000 ? true : undefined), "1,000 users at B");
    // exactly once: one remote user per local user, every event delivered, no duplicates at B
    expect(await count(b, 'userName sw "bulk.kill."')).toBe(1000);
    await withSql(a, async (after) => {
      await eventually(async () => {
        const left = await after.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "OutboxEvent" WHERE "status" <> 'delivered'`);
        return Number(left?.n) === 0 ? true : undefined;
      }, "an empty queue");
      const mapped = await after.get<{ n: number; d: number }>(`SELECT COUNT(*) AS "n", COUNT(DISTINCT "remoteId") AS "d" FROM "RemoteMapping"`);
      expect(Number(mapped?.n)).toBe(1000);
      expect(Number(mapped?.d)).toBe(1000);
    });
    // 1,000 creates, a crash, two restarts and 1,000 deliveries: generous on a loaded 2-core machine
  }, 240_000);
});

describe("provisioning roles, SCIM 1.1 and application-level configuration", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await startPair({ env: SHORT_SETTINGS_CACHE });
  });
  afterAll(() => stopAndRemove(a, b));

  it("provisions only holders of the connection's provisioning role, creating on grant and deleting on revoke", async () => {
    const role = (await scim(a.baseUrl, "POST", "/Roles", { schemas: ["urn:ietf:params:scim:schemas:extension:2.0:Role"], displayName: "b-users" })).body;
    await provisionTo(a, b, { roleIds: [role.id] });
    // the configuration was written behind A's back (as another instance would): A picks it up within its cache period
    await pastSettingsCache();
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
      await eventually(async () => ((await userAt(b, "via.scim11"))?.name?.givenName === "Twelve" ? true : undefined), "SCIM 1.1 update at B");
      await scim(c.baseUrl, "DELETE", `/Users/${u.id}`);
      await eventually(async () => ((await count(b, 'userName eq "via.scim11"')) === 0 ? true : undefined), "SCIM 1.1 delete at B");
    } finally {
      await stopAndRemove(c);
    }
  });

  it("uses the outbound configuration of the application whose bearer token made the change", async () => {
    const credentials = await userCreatingApp(a, "app-to-b");
    const c = await startProvisio();
    try {
      await provisionTo(a, c, { serviceProviderId: credentials.id });
      const res = await createUserAsApp(a, credentials, "via.app");
      expect(res.status).toBe(201);
      await eventually(async () => ((await count(c, 'userName eq "via.app"')) === 1 ? true : undefined), "the app's target received the user");
      // Basic-auth changes use the resident configuration, which does not list C
      await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName: "via.basic" });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await count(c, 'userName eq "via.basic"')).toBe(0);
    } finally {
      await stopAndRemove(c);
    }
  });

  it("in proxy mode passes a SCIM create on to the targets without storing the user", async () => {
    const credentials = await userCreatingApp(a, "proxy-app", { proxyMode: true });
    await provisionTo(a, b, { serviceProviderId: credentials.id });
    // settings written behind A's back reach it within its cache period
    await pastSettingsCache();
    const res = await createUserAsApp(a, credentials, "proxied.user");
    expect(res.status).toBe(201);
    await eventually(async () => ((await count(b, 'userName eq "proxied.user"')) === 1 ? true : undefined), "the proxied user at B");
    expect(await count(a, 'userName eq "proxied.user"')).toBe(0);
  });
});
