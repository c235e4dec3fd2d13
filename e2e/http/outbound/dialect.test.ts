import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUsersAt, ScimClient, SCHEMAS, userAt as remoteUser, type Json } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { restartProvisio, startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { provisionTo, startPair } from "../../support/outbound-setup";
import { startLimitedTarget, type LimitedTarget } from "../../../test/support/limited-scim-target";

const CREDENTIALS = { username: "provisioner", password: "Target-Pa55" };
const limitedConfig = (t: LimitedTarget) => ({ userEndpoint: t.userEndpoint, groupEndpoint: t.groupEndpoint, authType: "basic", ...CREDENTIALS, timeoutMs: 3000 });
const states = (outcome: Json) => Object.fromEntries(outcome.capabilities.map((c: Json) => [c.capability, c.state]));

describe("SCIM 2.0 outbound against a Provisio target and a limited one", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let limited: LimitedTarget;
  let toB: { connectionId: string };
  let toLimited: { connectionId: string };

  beforeAll(async () => {
    [a, b] = await startPair({ fastRetries: 20 });
    limited = await startLimitedTarget({ noPatch: 405, filter: "ignored", credentials: CREDENTIALS });
    toB = await provisionTo(a, b, { name: "Provisio B" });
    toLimited = await provisionTo(a, { baseUrl: limited.baseUrl }, { name: "Limited target", config: limitedConfig(limited) });
  });
  afterAll(async () => {
    await stopAndRemove(a, b);
    await limited?.close();
  });

  it("the connection test tells Provisio's full SCIM 2.0 from the limited target, and keeps the results", async () => {
    const admin = new ScimClient(a.baseUrl);
    const atB = await admin.api("POST", `/api/server/v1/identity-providers/${toB.connectionId}/test`);
    expect(atB.status).toBe(200);
    expect(atB.body).toHaveLength(1);
    expect(atB.body[0]).toMatchObject({ type: "scim2", ok: true, stored: true });
    expect(states(atB.body[0])).toMatchObject({
      connection: "supported",
      serviceProviderConfig: "supported",
      patch: "supported",
      patchPathless: "supported",
      filterUserName: "supported",
      bulk: "supported",
    });

    const atLimited = await admin.api("POST", `/api/server/v1/identity-providers/${toLimited.connectionId}/test`, {});
    expect(atLimited.body[0]).toMatchObject({ ok: true, stored: true });
    expect(states(atLimited.body[0])).toMatchObject({ serviceProviderConfig: "unsupported", patch: "unsupported", patchPathless: "unsupported", filterUserName: "unsupported" });
    expect(atLimited.body[0].capabilities.find((c: Json) => c.capability === "patch").evidence).toBe("PATCH /Users/{id} (path) answered 405");
    // the canaries are gone again
    expect(limited.users.size).toBe(0);
    expect(await countUsersAt(b, 'userName sw "provisio-probe"')).toBe(0);

    const kept = await admin.api("GET", `/api/server/v1/identity-providers/${toLimited.connectionId}/connectors/scim2`);
    expect(kept.body.connectionTest).toMatchObject({ ok: true, capabilities: expect.arrayContaining([expect.objectContaining({ capability: "patch", state: "unsupported" })]) });
  });

  it("tests unsaved settings, falling back to the saved secret, and explains bad credentials", async () => {
    const admin = new ScimClient(a.baseUrl);
    const { password: _saved, ...withoutSecret } = limitedConfig(limited);
    const unsaved = await admin.api("POST", `/api/server/v1/identity-providers/${toLimited.connectionId}/test`, { type: "scim2", config: withoutSecret });
    expect(unsaved.body[0]).toMatchObject({ ok: true, stored: false, connectorId: null });

    const wrong = await admin.api("POST", `/api/server/v1/identity-providers/${toLimited.connectionId}/connectors/scim2/test`, { config: { ...withoutSecret, password: "wrong" } });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ ok: false, message: expect.stringMatching(/refused the credentials \(HTTP 401\)/) });
    expect(wrong.text).not.toContain("wrong");

    const invalid = await admin.api("POST", `/api/server/v1/identity-providers/${toLimited.connectionId}/test`, { config: withoutSecret });
    expect(invalid.status).toBe(400);
  });

  it("updates keep the attributes each target holds on its own", async () => {
    const scimA = new ScimClient(a.baseUrl);
    const created = await scimA.scim("POST", "/Users", {
      schemas: [SCHEMAS.user],
      userName: "dialect.kim",
      title: "Engineer",
      name: { givenName: "Kim", familyName: "Lee" },
      emails: [{ value: "kim@example.com", primary: true }],
    });
    expect(created.status).toBe(201);
    const atB = await eventually(() => remoteUser(b, "dialect.kim"), "user at B");
    await eventually(async () => limited.user("dialect.kim"), "user at the limited target");

    // set at each target by its own administrator; Provisio does not map these
    const scimB = new ScimClient(b.baseUrl);
    const setAtB = await scimB.scim("PATCH", `/Users/${atB.id}`, { schemas: [SCHEMAS.patch], Operations: [{ op: "add", path: "nickName", value: "kimmy" }] });
    expect(setAtB.status).toBe(200);
    const atLimited = limited.user("dialect.kim")!;
    atLimited.nickName = "kimmy";
    atLimited["urn:example:badge:2.0:User"] = { badge: "B-7" };

    const requestsBefore = limited.requests.length;
    const updated = await scimA.scim("PUT", `/Users/${created.body.id}`, {
      schemas: [SCHEMAS.user],
      userName: "dialect.kim",
      name: { givenName: "Kimberly", familyName: "Lee" },
      emails: [{ value: "kim@example.com", primary: true }],
    });
    expect(updated.status).toBe(200);

    const nowAtB = await eventually(async () => {
      const u = await remoteUser(b, "dialect.kim");
      return u?.name?.givenName === "Kimberly" ? u : undefined;
    }, "update at B");
    expect(nowAtB).toMatchObject({ nickName: "kimmy", name: { familyName: "Lee" } });
    expect(nowAtB.title).toBeUndefined();

    const nowAtLimited = await eventually(async () => (limited.user("dialect.kim")?.name?.givenName === "Kimberly" ? limited.user("dialect.kim") : undefined), "update at the limited target");
    expect(nowAtLimited).toMatchObject({ nickName: "kimmy", "urn:example:badge:2.0:User": { badge: "B-7" }, name: { familyName: "Lee" } });
    expect(nowAtLimited.title).toBeUndefined();
    // the connection test found no PATCH: read, merge, PUT, without trying PATCH first
    expect(limited.requests.slice(requestsBefore).map((r) => r.method)).toEqual(["GET", "PUT"]);
  });
});

describe("a 5,000-member group at a target taking 100 members per request", () => {
  let a: ProvisioInstance;
  let limited: LimitedTarget;

  beforeAll(async () => {
    a = await startProvisio();
    limited = await startLimitedTarget({ maxMembersPerRequest: 100, requestsPerSecond: 200, credentials: CREDENTIALS });
    await provisionTo(a, { baseUrl: limited.baseUrl }, { config: { ...limitedConfig(limited), maxMembersPerRequest: 100 } });
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await limited?.close();
  });

  it("arrives complete, in requests of at most 100 members", async () => {
    const scimA = new ScimClient(a.baseUrl);
    const ids: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const operations = Array.from({ length: 1000 }, (_, i) => ({
        method: "POST",
        path: "/Users",
        bulkId: `u${batch}-${i}`,
        data: { schemas: [SCHEMAS.user], userName: `member.${batch}.${i}` },
      }));
      const bulk = await scimA.scim("POST", "/Bulk", { schemas: [SCHEMAS.bulkRequest], Operations: operations });
      expect(bulk.status).toBe(200);
      ids.push(...bulk.body.Operations.map((o: Json) => o.location.slice(o.location.lastIndexOf("/") + 1)));
    }
    await eventually(async () => (limited.users.size === 5000 ? true : undefined), "5,000 users at the target", 120_000, 500);

    const group = await scimA.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "Everyone", members: ids.map((value) => ({ value })) });
    expect(group.status).toBe(201);
    const atTarget = await eventually(async () => (limited.group("Everyone")?.members.length === 5000 ? limited.group("Everyone") : undefined), "the complete group", 60_000, 250);
    const expected = new Set([...limited.users.keys()]);
    expect(atTarget.members.every((m: Json) => expected.has(m.value))).toBe(true);
    const groupRequests = limited.requests.filter((r) => r.path.includes("/Groups"));
    expect(groupRequests.filter((r) => r.status === 400)).toEqual([]);
    expect(groupRequests.every((r) => (r.json?.members?.length ?? 0) <= 100)).toBe(true);
  }, 240_000);
});

describe("a target that answers PATCH with 501, never tested", () => {
  let a: ProvisioInstance;
  let limited: LimitedTarget;
  let toLimited: { connectionId: string };

  beforeAll(async () => {
    a = await startProvisio();
    limited = await startLimitedTarget({ noPatch: 501, filter: "eq", credentials: CREDENTIALS });
    toLimited = await provisionTo(a, { baseUrl: limited.baseUrl }, { config: limitedConfig(limited) });
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await limited?.close();
  });

  const rename = (scimA: ScimClient, id: string, givenName: string) =>
    scimA.scim("PATCH", `/Users/${id}`, { schemas: [SCHEMAS.patch], Operations: [{ op: "replace", path: "name.givenName", value: givenName }] });
  const renamedAtTarget = (givenName: string) => eventually(async () => (limited.user("learn.kim")?.name?.givenName === givenName ? true : undefined), `${givenName} at the target`);

  it("keeps what the 501 taught with the connector, so no later update or restart tries PATCH again", async () => {
    let scimA = new ScimClient(a.baseUrl);
    const created = await scimA.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: "learn.kim", name: { givenName: "Kim", familyName: "Lee" } });
    await eventually(async () => limited.user("learn.kim"), "the user at the target");
    await rename(scimA, created.body.id, "Kimberly");
    await renamedAtTarget("Kimberly");
    expect(limited.requests.filter((r) => r.method === "PATCH").map((r) => r.status)).toStrictEqual([501]);

    const connector = await eventually(async () => {
      const body = (await scimA.api("GET", `/api/server/v1/identity-providers/${toLimited.connectionId}/connectors/scim2`)).body;
      return body.connectionTest ? body : undefined;
    }, "the capability kept with the connector");
    expect(connector.connectionTest.capabilities).toStrictEqual([{ capability: "patch", label: "PATCH with a path", state: "unsupported", evidence: "a delivery's PATCH was answered 501" }]);

    await a.stop();
    a = await restartProvisio(a);
    scimA = new ScimClient(a.baseUrl);
    const before = limited.requests.length;
    await rename(scimA, created.body.id, "Kimmy");
    await renamedAtTarget("Kimmy");
    expect(limited.requests.slice(before).map((r) => r.method)).toEqual(["GET", "PUT"]);
  });
});
