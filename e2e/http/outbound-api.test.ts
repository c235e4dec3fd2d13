import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchAdminApi } from "../support/admin-api-contract";
import { eventually as poll } from "../support/eventually";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ScimClient, SCHEMAS, type Json, type ScimResponse } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

const IDPS = "/api/server/v1/identity-providers";
const RESIDENT_OUTBOUND = "/api/server/v1/resident-application/outbound-provisioning";
const LOG = "/api/server/v1/provisioning";
// fetch refuses the discard port outright: every delivery fails at once, without waiting for a timeout
const UNREACHABLE = "http://127.0.0.1:9/scim2";

const PASSWORD = "Target-Password-8c1f";
const DEFAULT_PASSWORD = "Default-Password-77a2";
const CLIENT_SECRET = "Client-Secret-41d9e";

let serial = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`;

function expectAdminError(res: ScimResponse, status: number, description?: RegExp) {
  expect({ status: res.status, body: res.body }, res.text).toMatchObject({
    status,
    body: { code: expect.any(String), message: expect.any(String), description: expect.any(String), traceId: expect.any(String) },
  });
  if (description) expect(res.body.description).toMatch(description);
}

function expectNoSecrets(res: ScimResponse) {
  for (const secret of [PASSWORD, DEFAULT_PASSWORD, CLIENT_SECRET]) expect(res.text).not.toContain(secret);
  expect(res.text).not.toMatch(/"(password|clientSecret|defaultPassword)"\s*:/);
}

const scim2Config = (extra: Record<string, unknown> = {}) => ({
  userEndpoint: `${UNREACHABLE}/Users`,
  groupEndpoint: `${UNREACHABLE}/Groups`,
  authType: "basic",
  username: "provisioner",
  password: PASSWORD,
  ...extra,
});

/** What the worker does after the request returned. */
const eventually = <T>(what: string, check: () => Promise<T | undefined>) => poll(check, what, 15_000);

describe.each(DIALECTS)("outbound provisioning admin API on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ScimClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  async function createConnection(extra: Record<string, unknown> = {}): Promise<Json> {
    const res = await admin.api("POST", IDPS, { name: unique("Partner IS"), ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  async function addScim2(connectionId: string, extra: Record<string, unknown> = {}): Promise<Json> {
    const res = await admin.api("PUT", `${IDPS}/${connectionId}/connectors/scim2`, { config: scim2Config(extra) });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  it("documents its endpoints in the OpenAPI document", async () => {
    const doc = await (await fetchAdminApi(`${server.baseUrl}/api/server/v1/openapi.json`)).json();
    for (const [path, method] of [
      ["/identity-providers", "post"],
      ["/identity-providers/{id}/connectors/{type}", "patch"],
      ["/identity-providers/{id}/provisioning-roles", "put"],
      ["/identity-providers/{id}/sync", "post"],
      ["/resident-application/outbound-provisioning", "post"],
      ["/applications/{id}/outbound-provisioning/{provisionerId}", "put"],
      ["/provisioning/attempts", "get"],
      ["/provisioning/queue", "get"],
      ["/provisioning/retry", "post"],
      ["/provisioning/users/{userId}", "get"],
    ]) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths["/identity-providers"].post.security).toEqual([{ basicAuth: [] }, { oauth2: ["internal_idp_update"] }]);
    expect(doc.paths["/provisioning/retry"].post.security).toEqual([{ basicAuth: [] }, { oauth2: ["internal_application_mgt_update"] }]);
  });

  it("refuses callers without credentials", async () => {
    expectAdminError(await admin.as(null).api("GET", IDPS), 401);
    expectAdminError(await admin.as(null).api("GET", `${LOG}/attempts`), 401);
  });

  it("creates, lists, reads, replaces and deletes a connection", async () => {
    const name = unique("HR system");
    const created = await admin.api("POST", IDPS, { name, description: "Workday tenant", homeRealmId: "hr", alias: "https://hr.example.com/token" });
    expect(created.status, created.text).toBe(201);
    const c = created.body;
    expect(c).toMatchObject({ name, description: "Workday tenant", homeRealmId: "hr", alias: "https://hr.example.com/token", enabled: true, connectors: [], provisioningRoles: [], version: 1 });
    expect(created.headers.get("location")).toBe(`${IDPS}/${c.id}`);

    expect((await admin.api("GET", IDPS)).body.map((x: Json) => x.id)).toContain(c.id);
    expect((await admin.api("GET", `${IDPS}/${c.id}`)).body).toEqual(c);

    const replaced = await admin.api("PUT", `${IDPS}/${c.id}`, { name, description: "Changed", enabled: false });
    expect(replaced.status, replaced.text).toBe(200);
    expect(replaced.body).toMatchObject({ description: "Changed", enabled: false, homeRealmId: null, alias: null, version: 2 });

    expectAdminError(await admin.api("POST", IDPS, { name: name.toUpperCase() }), 409, /already exists/);
    expectAdminError(await admin.api("POST", IDPS, { name: "  " }), 400, /name/);
    expectAdminError(await admin.api("POST", IDPS, "{not json"), 400);
    expectAdminError(await admin.api("PUT", `${IDPS}/no-such-connection`, { name: unique("x") }), 404);

    expect((await admin.api("DELETE", `${IDPS}/${c.id}`)).status).toBe(204);
    expectAdminError(await admin.api("GET", `${IDPS}/${c.id}`), 404);
    expectAdminError(await admin.api("DELETE", `${IDPS}/${c.id}`), 404);
  });

  it("validates connector settings, keeps secrets out of every response and keeps them when left empty", async () => {
    const c = await createConnection();
    const base = `${IDPS}/${c.id}/connectors`;

    const types = await admin.api("GET", `${IDPS}/meta/outbound-provisioning-connectors`);
    expect(types.status).toBe(200);
    expect(types.body.map((t: Json) => t.type)).toEqual(expect.arrayContaining(["scim2", "scim11"]));
    expect(types.body.find((t: Json) => t.type === "scim2")).toMatchObject({ label: "SCIM 2.0", secretFields: expect.arrayContaining(["password", "clientSecret"]) });

    expectAdminError(await admin.api("PUT", `${base}/scim2`, { config: scim2Config({ password: undefined }) }), 400, /password/);
    expectAdminError(await admin.api("PUT", `${base}/scim2`, { config: scim2Config({ userEndpoint: "ftp://example.com/Users" }) }), 400, /userEndpoint/);
    expectAdminError(await admin.api("PUT", `${base}/scim2`, { config: "nope" }), 400);
    expectAdminError(await admin.api("PUT", `${base}/ldap`, { config: {} }), 400, /Unknown connector type "ldap"/);

    const added = await admin.api("PUT", `${base}/scim2`, { config: scim2Config({ passwordProvisioning: true, defaultPassword: DEFAULT_PASSWORD, userStoreDomain: "PARTNER" }) });
    expect(added.status, added.text).toBe(201);
    expectNoSecrets(added);
    expect(added.body).toMatchObject({
      connectionId: c.id,
      type: "scim2",
      enabled: true,
      config: { userEndpoint: `${UNREACHABLE}/Users`, username: "provisioner", userStoreDomain: "PARTNER", passwordProvisioning: true },
    });
    expect(added.body.secretsSet.sort()).toEqual(["defaultPassword", "password"]);

    // the secrets stay when a form that never saw them saves the other settings
    const changed = await admin.api("PUT", `${base}/scim2`, { config: scim2Config({ password: "", userEndpoint: `${UNREACHABLE}/v2/Users` }) });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.config.userEndpoint).toBe(`${UNREACHABLE}/v2/Users`);
    expect(changed.body.secretsSet).toContain("password");
    expect(changed.body.id).toBe(added.body.id);

    expectAdminError(
      await admin.api("PUT", `${base}/scim2`, { config: scim2Config({ authType: "bearer", tokenEndpoint: "https://idp.example.com/oauth2/token", clientId: "svc" }) }),
      400,
      /clientSecret/,
    );
    const bearer = await admin.api("PUT", `${base}/scim2`, {
      config: scim2Config({ authType: "bearer", tokenEndpoint: "https://idp.example.com/oauth2/token", clientId: "svc", clientSecret: CLIENT_SECRET }),
    });
    expect(bearer.status, bearer.text).toBe(200);
    expect(bearer.body.secretsSet).toContain("clientSecret");

    for (const res of [bearer, await admin.api("GET", `${base}/scim2`), await admin.api("GET", `${IDPS}/${c.id}`), await admin.api("GET", IDPS)]) {
      expect(res.status).toBe(200);
      expectNoSecrets(res);
    }
    expectAdminError(await admin.api("GET", `${base}/scim11`), 404);
  });

  it("enables, disables and removes a connector", async () => {
    const c = await createConnection();
    await addScim2(c.id);
    const url = `${IDPS}/${c.id}/connectors/scim2`;
    const off = await admin.api("PATCH", url, { enabled: false });
    expect(off.status, off.text).toBe(200);
    expect(off.body.enabled).toBe(false);
    expect((await admin.api("GET", `${IDPS}/${c.id}`)).body.connectors[0].enabled).toBe(false);
    expect((await admin.api("PATCH", url, { enabled: true })).body.enabled).toBe(true);
    expectAdminError(await admin.api("PATCH", url, { enabled: "yes" }), 400, /enabled/);
    expectAdminError(await admin.api("PATCH", `${IDPS}/${c.id}/connectors/scim11`, { enabled: true }), 404);

    expect((await admin.api("DELETE", url)).status).toBe(204);
    expect((await admin.api("GET", `${IDPS}/${c.id}`)).body.connectors).toEqual([]);
    expectAdminError(await admin.api("DELETE", url), 404);
  });

  it("sets a connection's provisioning roles", async () => {
    const c = await createConnection();
    const role = await admin.scim("POST", "/Roles", { schemas: [SCHEMAS.role], displayName: unique("partner-users") });
    expect(role.status, role.text).toBe(201);
    const set = await admin.api("PUT", `${IDPS}/${c.id}/provisioning-roles`, { roleIds: [role.body.id] });
    expect(set.status, set.text).toBe(200);
    expect(set.body).toEqual([{ id: role.body.id, name: role.body.displayName }]);
    expect((await admin.api("GET", `${IDPS}/${c.id}`)).body.provisioningRoles).toEqual(set.body);
    expectAdminError(await admin.api("PUT", `${IDPS}/${c.id}/provisioning-roles`, { roleIds: ["no-such-role"] }), 400, /role/);
    expectAdminError(await admin.api("PUT", `${IDPS}/${c.id}/provisioning-roles`, { roles: [] }), 400, /roleIds/);
    expect((await admin.api("PUT", `${IDPS}/${c.id}/provisioning-roles`, { roleIds: [] })).body).toEqual([]);
  });

  it("configures outbound provisioners on the resident service provider and on an application", async () => {
    const c = await createConnection();
    const connector = await addScim2(c.id);

    const added = await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: connector.id, blocking: true });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      serviceProviderId: "resident",
      connectorId: connector.id,
      connectorType: "scim2",
      connectionId: c.id,
      connectionName: c.name,
      blocking: true,
      rulesEnabled: false,
      rule: null,
      jitEnabled: true,
    });
    expect(added.headers.get("location")).toBe(`${RESIDENT_OUTBOUND}/${added.body.id}`);
    expect((await admin.api("GET", RESIDENT_OUTBOUND)).body.map((p: Json) => p.id)).toContain(added.body.id);
    expectAdminError(await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: connector.id }), 409);
    expectAdminError(await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: "no-such-connector" }), 400, /connector/);
    expectAdminError(await admin.api("POST", RESIDENT_OUTBOUND, {}), 400, /connectorId/);

    const url = `${RESIDENT_OUTBOUND}/${added.body.id}`;
    expectAdminError(await admin.api("PUT", url, { rulesEnabled: true }), 400, /rule/);
    expectAdminError(await admin.api("PUT", url, { rulesEnabled: true, rule: 'department eq "Sales' }), 400, /not a valid filter/);
    expectAdminError(await admin.api("PUT", url, { connectorId: "another" }), 400, /cannot change/);
    const updated = await admin.api("PUT", url, { blocking: false, rulesEnabled: true, rule: 'department eq "Sales"', jitEnabled: false });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toMatchObject({ id: added.body.id, blocking: false, rulesEnabled: true, rule: 'department eq "Sales"', jitEnabled: false });

    const app = await admin.api("POST", "/api/server/v1/applications", { name: unique("HR feed") });
    expect(app.status, app.text).toBe(201);
    const appOutbound = `/api/server/v1/applications/${app.body.id}/outbound-provisioning`;
    expect((await admin.api("GET", appOutbound)).body).toEqual([]);
    const appProvisioner = await admin.api("POST", appOutbound, { connectorId: connector.id, rulesEnabled: true, rule: "active eq true" });
    expect(appProvisioner.status, appProvisioner.text).toBe(201);
    expect(appProvisioner.body.serviceProviderId).toBe(app.body.id);
    expect((await admin.api("GET", appOutbound)).body.map((p: Json) => p.id)).toEqual([appProvisioner.body.id]);
    // a provisioner is only reachable through its own service provider
    expectAdminError(await admin.api("PUT", `${appOutbound}/${added.body.id}`, { blocking: true }), 404);
    expectAdminError(await admin.api("DELETE", `${RESIDENT_OUTBOUND}/${appProvisioner.body.id}`), 404);
    expectAdminError(await admin.api("GET", "/api/server/v1/applications/no-such-app/outbound-provisioning"), 404);
    expectAdminError(await admin.api("GET", "/api/server/v1/applications/resident/outbound-provisioning"), 404);

    expect((await admin.api("DELETE", `${appOutbound}/${appProvisioner.body.id}`)).status).toBe(204);
    expect((await admin.api("GET", appOutbound)).body).toEqual([]);
    expect((await admin.api("DELETE", url)).status).toBe(204);
    expect((await admin.api("GET", RESIDENT_OUTBOUND)).body.map((p: Json) => p.id)).not.toContain(added.body.id);
  });

  it("logs failed deliveries to an unreachable target, shows them per user, and retries them on request", async () => {
    // a long backoff: the next attempt can only come from the retry endpoint
    const policy = await admin.api("PUT", "/api/server/v1/settings/outboundRetry", { maxAttempts: 10, baseDelayMs: 600_000, maxDelayMs: 600_000 });
    expect(policy.status, policy.text).toBe(200);
    const c = await createConnection();
    const connector = await addScim2(c.id);
    const provisioner = await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: connector.id });
    expect(provisioner.status, provisioner.text).toBe(201);
    try {
      const userName = unique("kim");
      const user = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName, password: "Correct-Horse-1" });
      expect(user.status, user.text).toBe(201);

      const first = await eventually("the first attempt", async () => {
        const res = await admin.api("GET", `${LOG}/attempts?entityId=${user.body.id}`);
        expect(res.status, res.text).toBe(200);
        return res.body.items[0] as Json | undefined;
      });
      expect(first).toMatchObject({
        connectorId: connector.id,
        connectionId: c.id,
        connectionName: c.name,
        connectorType: "scim2",
        entityType: "User",
        entityId: user.body.id,
        entityName: userName,
        operation: "create",
        status: "retrying",
        httpStatus: null,
        attempt: 1,
        eventStatus: "pending",
      });
      expect(first.error).toMatch(/^create user failed: .*127\.0\.0\.1:9/);
      // the password travels encrypted in the outbox and never reaches the log
      expect(JSON.stringify(first)).not.toContain("Correct-Horse-1");

      const filtered = await admin.api("GET", `${LOG}/attempts?status=retrying,dead&connectionId=${c.id}&count=5`);
      expect(filtered.body.items.map((a: Json) => a.id)).toContain(first.id);
      expect((await admin.api("GET", `${LOG}/attempts?status=success&entityId=${user.body.id}`)).body).toMatchObject({ totalResults: 0, items: [] });
      expect((await admin.api("GET", `${LOG}/attempts?search=${encodeURIComponent(userName.toUpperCase())}`)).body.totalResults).toBe(1);
      expectAdminError(await admin.api("GET", `${LOG}/attempts?status=exploded`), 400, /Unknown status/);

      const status = await admin.api("GET", `${LOG}/users/${user.body.id}`);
      expect(status.status, status.text).toBe(200);
      expect(status.body).toEqual({
        userId: user.body.id,
        connectors: [
          {
            connectorId: connector.id,
            connectionId: c.id,
            connectionName: c.name,
            connectorType: "scim2",
            remoteId: null,
            lastAttempt: { status: "retrying", operation: "create", at: expect.any(String), httpStatus: null, error: first.error },
            pending: 1,
            dead: 0,
            lastError: first.error,
            openSeqs: [first.eventSeq],
            // the target did not answer at all: it is paused, and the status says until when
            pause: { until: expect.any(String), error: expect.any(String) },
          },
        ],
      });
      expectAdminError(await admin.api("GET", `${LOG}/users/no-such-user`), 404);

      const queue = await admin.api("GET", `${LOG}/queue`);
      expect(queue.status).toBe(200);
      expect(queue.body.totals.pending).toBeGreaterThanOrEqual(1);
      expect(queue.body.connectors.find((x: Json) => x.connectorId === connector.id)).toMatchObject({ connectionName: c.name, connectorType: "scim2", pending: 1, retrying: 1, dead: 0 });

      expectAdminError(await admin.api("POST", `${LOG}/retry`, { seqs: ["one"] }), 400, /seqs/);
      const retried = await admin.api("POST", `${LOG}/retry`, { seqs: [first.eventSeq] });
      expect(retried.status, retried.text).toBe(200);
      expect(retried.body).toEqual({ retried: 1 });
      const second = await eventually("the retried attempt", async () => {
        const items = (await admin.api("GET", `${LOG}/attempts?entityId=${user.body.id}`)).body.items as Json[];
        return items.length >= 2 ? items[0] : undefined;
      });
      expect(second).toMatchObject({ eventSeq: first.eventSeq, attempt: 2, status: "retrying" });

      // the target is held back now: a change queued meanwhile waits for the pause to end, untried
      expect(second.error).toMatch(/the other changes queued for .* wait until/);
      expect((await admin.api("PUT", "/api/server/v1/settings/outboundRetry", { maxAttempts: 1, baseDelayMs: 600_000, maxDelayMs: 600_000 })).status).toBe(200);
      const other = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("lee") });
      expect(other.status, other.text).toBe(201);
      expect((await admin.api("GET", `${LOG}/users/${other.body.id}`)).body.connectors[0]).toMatchObject({ pending: 1, dead: 0, lastAttempt: null });
      // "retry now" for the connection ends the pause; the target is still unreachable, and a try that finds it so
      // never dead-letters a change, even with one attempt allowed
      expect((await admin.api("POST", `${LOG}/retry`, { connectorId: connector.id })).body.retried).toBeGreaterThanOrEqual(2);
      const outage = await eventually("the outage attempt", async () => (await admin.api("GET", `${LOG}/attempts?entityId=${other.body.id}`)).body.items[0] as Json | undefined);
      expect(outage).toMatchObject({ status: "retrying", attempt: 1, eventStatus: "pending" });
      // a target that answers and refuses (this server, which does not know the connector's account) spends the
      // attempt: with one allowed, the event goes dead; saving the settings ends the pause, so it is tried at once
      const refusing = await admin.api("PUT", `${IDPS}/${c.id}/connectors/scim2`, {
        config: scim2Config({ userEndpoint: `${server.baseUrl}/scim2/Users`, groupEndpoint: `${server.baseUrl}/scim2/Groups` }),
      });
      expect(refusing.status, refusing.text).toBeLessThan(300);
      const dead = await eventually("the dead attempt", async () => {
        const latest = (await admin.api("GET", `${LOG}/attempts?entityId=${other.body.id}`)).body.items[0] as Json | undefined;
        return latest?.status === "dead" ? latest : undefined;
      });
      expect(dead).toMatchObject({ status: "dead", attempt: 2, eventStatus: "dead", httpStatus: 401 });
      await eventually("both events settled", async () => {
        const counts = (await admin.api("GET", `${LOG}/users/${other.body.id}`)).body.connectors[0];
        return counts.pending === 0 && counts.dead === 1 ? counts : undefined;
      });
      // a dead event gets its whole retry budget again
      const byConnector = await admin.api("POST", `${LOG}/retry`, { connectorId: connector.id });
      expect(byConnector.body.retried).toBeGreaterThanOrEqual(1);
      const again = await eventually("the dead event's new attempt", async () => {
        const items = (await admin.api("GET", `${LOG}/attempts?entityId=${other.body.id}`)).body.items as Json[];
        return items.length >= 3 ? items[0] : undefined;
      });
      expect(again).toMatchObject({ eventSeq: dead.eventSeq, attempt: 1, status: "dead" });
    } finally {
      await admin.api("DELETE", `${RESIDENT_OUTBOUND}/${provisioner.body.id}`);
      await admin.api("PUT", "/api/server/v1/settings/outboundRetry", { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 300_000 });
    }
  });

  it("syncs a connector: a dry run counts, a real run queues, and objects already queued are skipped", async () => {
    const c = await createConnection();
    await addScim2(c.id);
    const group = await admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: unique("sync-group") });
    expect(group.status, group.text).toBe(201);
    const users = (await admin.scim("GET", "/Users?count=0")).body.totalResults as number;
    const groups = (await admin.scim("GET", "/Groups?count=0")).body.totalResults as number;
    const url = `${IDPS}/${c.id}/sync`;

    const dry = await admin.api("POST", url, { connectorType: "scim2", dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body).toMatchObject({ create: users + groups, update: 0, delete: 0, total: users + groups, alreadyQueued: 0, failed: 0, dryRun: true });
    const before = await admin.api("GET", `${LOG}/queue`);

    const real = await admin.api("POST", url, { connectorType: "scim2" });
    expect(real.status, real.text).toBe(200);
    expect(real.body).toMatchObject({ create: users + groups, total: users + groups, dryRun: false });
    const after = await admin.api("GET", `${LOG}/queue`);
    const count = (q: Json) => q.connectors.filter((x: Json) => x.connectionId === c.id).reduce((n: number, x: Json) => n + x.pending + x.inFlight + x.delivered + x.dead, 0);
    expect(count(after.body) - count(before.body)).toBe(users + groups);

    const again = await admin.api("POST", url, { connectorType: "scim2", dryRun: true });
    expect(again.body.alreadyQueued + again.body.total).toBe(users + groups);

    expectAdminError(await admin.api("POST", url, { connectorType: "scim11" }), 404);
    expectAdminError(await admin.api("POST", url, { dryRun: true }), 400, /connectorType/);
    await admin.api("PATCH", `${IDPS}/${c.id}/connectors/scim2`, { enabled: false });
    expectAdminError(await admin.api("POST", url, { connectorType: "scim2" }), 400, /disabled/);
  });

  it("drops a connection's connectors, provisioners and undelivered events with it", async () => {
    const c = await createConnection();
    const connector = await addScim2(c.id);
    const provisioner = await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: connector.id });
    expect(provisioner.status).toBe(201);
    await admin.api("POST", `${IDPS}/${c.id}/sync`, { connectorType: "scim2" });
    expect((await admin.api("DELETE", `${IDPS}/${c.id}`)).status).toBe(204);
    expect((await admin.api("GET", RESIDENT_OUTBOUND)).body.map((p: Json) => p.id)).not.toContain(provisioner.body.id);
    const queue = (await admin.api("GET", `${LOG}/queue`)).body;
    expect(queue.connectors.find((x: Json) => x.connectorId === connector.id && x.pending > 0)).toBeUndefined();
  });
});
