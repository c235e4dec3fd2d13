import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { fastRetries, pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, withSql } from "../support/outbound-setup";
import { eventually } from "../support/eventually";
import { ScimClient, type Json } from "../support/scim-client";
import { startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server";
import { refuseCreateOf } from "../../test/support/outbox-fixtures";
import { DIALECTS, databaseFor } from "./databases";
import { asDate } from "../../lib/db/values";

const API = "/api/server/v1";

describe.each(DIALECTS)("provisioning health and honest blocking outcomes on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  let target: FakeScimServer;
  let partner: { connectionId: string; connectorId: string };
  const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const newUser = async (userName: string) => (await admin.api("POST", `${API}/users`, { domain: "PRIMARY", userName, password: "Passw0rd-Long-1" })).body;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    admin = new ScimClient(server.baseUrl);
    target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    partner = await provisionTo(server, { baseUrl: target.origin }, { blocking: true, name: unique("Partner") });
    // one try per change: a refusal is dead at once, whichever way the engine classifies it
    await fastRetries(server, 1);
    // written behind the server's back, as another instance would: it picks the provisioners up within its cache period
    await pastSettingsCache();
  });
  afterAll(async () => {
    await target?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it("says per blocking target what became of a change, counts it in the health and resolves the failure once delivered", async () => {
    const healthy = await newUser(unique("ok.user"));
    const partnerOutcome = (body: Json) => body.outboundResults.find((o: Json) => o.connectionId === partner.connectionId);
    expect(partnerOutcome(healthy)).toEqual({
      connectionId: partner.connectionId,
      connectionName: expect.stringMatching(/^Partner-/),
      connectorType: "scim2",
      outcome: "delivered",
      retryAt: null,
      error: null,
      attemptId: expect.any(String),
    });
    expect(healthy.outboundFailures).toEqual([]);

    const refusedName = unique("refused.user");
    refuseCreateOf(target, refusedName, { status: 401, detail: "bad credentials" });
    const refused = await newUser(refusedName);
    const failure = partnerOutcome(refused);
    expect(failure).toMatchObject({ outcome: "dead", retryAt: null, error: expect.stringMatching(/401/), attemptId: expect.any(String) });

    const attempt = (await admin.api("GET", `${API}/provisioning/attempts?id=${failure.attemptId}`)).body;
    expect(attempt.totalResults).toBe(1);
    expect(attempt.items[0]).toMatchObject({ id: failure.attemptId, entityName: refusedName, status: "dead", eventStatus: "dead", resolved: false });

    const health = (await admin.api("GET", `${API}/provisioning/health`)).body;
    const partnerHealth = health.connections.find((c: Json) => c.connectionId === partner.connectionId);
    expect(partnerHealth).toMatchObject({ enabled: true, connectorTypes: ["scim2"], successes: 1, failures: 1, deadLetters: 1, openDeadLetters: 1, queueDepth: 0, pausedUntil: null });
    expect(new Date(partnerHealth.lastSuccessAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(partnerHealth.series).toHaveLength(24);
    expect(partnerHealth.series.at(-1)).toMatchObject({ successes: 1, failures: 1, deadLetters: 1, queueDepth: 0 });
    expect(new Date(partnerHealth.series.at(-1).at).getTime()).toBeLessThanOrEqual(Date.now());
    expect(health.recentFailures.map((a: Json) => a.id)).toContain(failure.attemptId);

    // retried by hand, the target takes it now: the dead attempt is resolved and no longer an open failure
    expect((await admin.api("POST", `${API}/provisioning/retry`, { seqs: [attempt.items[0].eventSeq] })).body).toEqual({ retried: 1 });
    await eventually(async () => ((await admin.api("GET", `${API}/provisioning/attempts?id=${failure.attemptId}`)).body.items[0].resolved ? true : undefined), "the retried change to be delivered");
    const open = (await admin.api("GET", `${API}/provisioning/attempts?status=retrying,dead&openOnly=true&connectionId=${partner.connectionId}`)).body;
    expect(open.items.map((a: Json) => a.id)).not.toContain(failure.attemptId);
    const all = (await admin.api("GET", `${API}/provisioning/attempts?status=retrying,dead&connectionId=${partner.connectionId}`)).body;
    expect(all.items.find((a: Json) => a.id === failure.attemptId)).toMatchObject({ resolved: true, eventStatus: "delivered" });
    const after = (await admin.api("GET", `${API}/provisioning/health`)).body;
    expect(after.recentFailures.map((a: Json) => a.id)).not.toContain(failure.attemptId);
    expect(after.connections.find((c: Json) => c.connectionId === partner.connectionId)).toMatchObject({ successes: 2, openDeadLetters: 0 });
  });

  it("counts per hour exactly what the attempt log holds for the window", async () => {
    const names = [unique("count.a"), unique("count.b"), unique("count.c")];
    refuseCreateOf(target, names[1]!, { status: 401, detail: "bad credentials" });
    for (const name of names) await newUser(name);
    const health = (await admin.api("GET", `${API}/provisioning/health`)).body;
    const series: Json[] = health.connections.find((c: Json) => c.connectionId === partner.connectionId).series;
    const logged = await withSql(server, (sql) =>
      sql.all<{ status: string; at: unknown }>(`SELECT "status", "at" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "at" >= ?`, [partner.connectorId, new Date(series[0].at)]),
    );
    const hourOf = (at: unknown) => Math.floor(asDate(at).getTime() / 3_600_000) * 3_600_000;
    const fromLog = series.map((point) => {
      const inHour = logged.filter((a) => hourOf(a.at) === new Date(point.at).getTime());
      return {
        successes: inHour.filter((a) => a.status === "success").length,
        failures: inHour.filter((a) => a.status === "retrying" || a.status === "dead").length,
        deadLetters: inHour.filter((a) => a.status === "dead").length,
      };
    });
    expect(series.map((p) => ({ successes: p.successes, failures: p.failures, deadLetters: p.deadLetters }))).toEqual(fromLog);
    expect(fromLog.reduce((n, p) => n + p.successes, 0)).toBeGreaterThanOrEqual(2);
  });

  it("answers only administrators", async () => {
    expect((await admin.as(null).api("GET", `${API}/provisioning/health`)).status).toBe(401);
  });

  it("counts nothing from before the window, however long the log", async () => {
    const successes = async () => (await admin.api("GET", `${API}/provisioning/health`)).body.connections.find((c: Json) => c.connectionId === partner.connectionId).successes;
    const before = await successes();
    // an old attempt, as a log kept for months has: outside the window, it counts nowhere
    await withSql(server, (sql) =>
      sql.run(
        `INSERT INTO "ProvisioningAttempt" ("id", "eventSeq", "connectorId", "connectionName", "connectorType", "entityType", "entityId", "entityName", "operation", "status", "durationMs", "attempt", "at") VALUES (?, 0, ?, 'Partner', 'scim2', 'User', 'old', 'old', 'create', 'success', 1, 1, ?)`,
        [`old-${dialect}`, partner.connectorId, new Date(Date.now() - 3 * 86_400_000)],
      ),
    );
    expect(await successes()).toBe(before);
  });
});
