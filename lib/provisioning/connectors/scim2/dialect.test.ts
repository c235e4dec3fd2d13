import { afterEach, describe, expect, it } from "vitest";
import { startLimitedTarget, type LimitedTarget, type LimitedTargetOptions } from "../../../../test/support/limited-scim-target.ts";
import type { ProvisionedUser } from "../types.ts";
import { scim2ConfigSchema } from "./config.ts";
import { createScim2Connector } from "./index.ts";
import type { CapabilityCheck, ConnectionTestResult } from "../types.ts";

const CREDENTIALS = { username: "provisioner", password: "Pa55-word" };

let target: LimitedTarget | undefined;
afterEach(async () => {
  await target?.close();
  target = undefined;
});

async function setup(options: LimitedTargetOptions = {}, settings: Record<string, unknown> = {}, capabilities?: ConnectionTestResult) {
  target = await startLimitedTarget({ credentials: CREDENTIALS, ...options });
  const config = scim2ConfigSchema.parse({ userEndpoint: target.userEndpoint, groupEndpoint: target.groupEndpoint, authType: "basic", ...CREDENTIALS, ...settings });
  const learned: CapabilityCheck[] = [];
  const connector = createScim2Connector(config, { sleep: async () => new Promise((r) => setTimeout(r, 200)) }, { capabilities, learned: (check) => learned.push(check) });
  return { target, connector, learned };
}

const kim: ProvisionedUser = {
  id: "local-1",
  userName: "kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  title: "Engineer",
  emails: [{ value: "kim@example.com", primary: true }],
  phoneNumbers: [],
  enterprise: { department: "R&D" },
};
const EXT = "urn:example:params:scim:schemas:extension:badge:2.0:User";

/** The target's administrator sets attributes Provisio does not map. */
function setAtTarget(t: LimitedTarget, id: string) {
  const user = t.users.get(id)!;
  user.nickName = "kimmy";
  user.name.honorificPrefix = "Dr.";
  user[EXT] = { badge: "B-7" };
  user.schemas = [...user.schemas, EXT];
}

const changed: ProvisionedUser = { ...kim, name: { givenName: "Kimberly", familyName: "Lee" }, title: null, enterprise: { department: "Sales" } };

describe("SCIM 2.0 updates in the target's dialect", () => {
  it("sends a PATCH with only what changed, and the target keeps its own attributes", async () => {
    const { target, connector } = await setup();
    const created = await connector.createUser(kim);
    setAtTarget(target, created.remoteId!);
    const updated = await connector.updateUser(created.remoteId!, changed, created.sentState);
    const patch = target.requests.at(-1)!;
    expect(patch.method).toBe("PATCH");
    expect(patch.json.Operations).toStrictEqual([
      { op: "replace", path: "name.givenName", value: "Kimberly" },
      { op: "replace", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", value: "Sales" },
      { op: "remove", path: "title" },
    ]);
    expect(target.user("kim")).toMatchObject({ nickName: "kimmy", name: { givenName: "Kimberly", familyName: "Lee", honorificPrefix: "Dr." }, [EXT]: { badge: "B-7" } });
    expect(target.user("kim")).not.toHaveProperty("title");

    await connector.updateUser(created.remoteId!, changed, updated.sentState);
    expect(target.requests.at(-1)).toBe(patch);
  });

  it.each([405, 501] as const)("reads, merges and PUTs the whole user where PATCH answers %i, then stops trying PATCH", async (noPatch) => {
    const { target, connector, learned } = await setup({ noPatch });
    const created = await connector.createUser(kim);
    setAtTarget(target, created.remoteId!);
    const updated = await connector.updateUser(created.remoteId!, changed, created.sentState);
    expect(target.requests.slice(-3).map((r) => `${r.method} ${r.status}`)).toEqual(["PATCH " + noPatch, "GET 200", "PUT 200"]);
    expect(target.user("kim")).toMatchObject({
      nickName: "kimmy",
      name: { givenName: "Kimberly", familyName: "Lee", honorificPrefix: "Dr." },
      [EXT]: { badge: "B-7" },
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Sales" },
    });
    expect(target.user("kim")!.schemas).toContain(EXT);
    expect(target.user("kim")).not.toHaveProperty("title");

    await connector.updateUser(created.remoteId!, { ...changed, active: false }, updated.sentState);
    expect(target.requests.slice(-2).map((r) => r.method)).toEqual(["GET", "PUT"]);
    expect(target.user("kim")).toMatchObject({ active: false, nickName: "kimmy" });
    // kept with the connector, so that other instances and later starts go straight to PUT
    expect(learned).toStrictEqual([{ capability: "patch", label: "PATCH with a path", state: "unsupported", evidence: `a delivery's PATCH was answered ${noPatch}` }]);
  });

  it("PUTs with If-Match on the version read; a change made at the target meanwhile is read again and kept", async () => {
    let racing = true;
    const { target, connector } = await setup({
      noPatch: 405,
      etags: true,
      // the target's administrator sets a nickname between Provisio's read and its PUT, once
      onUserRead: (id) => {
        if (!racing) return;
        racing = false;
        target.changeAtTarget(id, (user) => (user.nickName = "set meanwhile"));
      },
    });
    const created = await connector.createUser(kim);
    await connector.updateUser(created.remoteId!, changed, created.sentState);
    const puts = target.requests.filter((r) => r.method === "PUT");
    expect(puts.map((r) => r.status)).toStrictEqual([412, 200]);
    expect(target.user("kim")).toMatchObject({ nickName: "set meanwhile", name: { givenName: "Kimberly" } });
  });

  it("gives up after repeated version conflicts rather than overwriting", async () => {
    const { target, connector } = await setup({ noPatch: 405, etags: true, onUserRead: (id) => target.changeAtTarget(id, (user) => (user.nickName = `n${Date.now()}`)) });
    const created = await connector.createUser(kim);
    await expect(connector.updateUser(created.remoteId!, changed, created.sentState)).rejects.toMatchObject({ options: { httpStatus: 412 } });
    expect(target.requests.filter((r) => r.method === "PUT").map((r) => r.status)).toStrictEqual([412, 412, 412]);
    expect(target.user("kim")!.name.givenName).toBe("Kim");
  });

  it("goes straight to read, merge and PUT when the connection test found no PATCH", async () => {
    const noPatch: ConnectionTestResult = { ok: true, message: "", testedAt: new Date().toISOString(), capabilities: [{ capability: "patch", label: "", state: "unsupported", evidence: "405" }] };
    const { target, connector } = await setup({ noPatch: 405 }, {}, noPatch);
    const created = await connector.createUser(kim);
    await connector.updateUser(created.remoteId!, changed, created.sentState);
    expect(target.requests.some((r) => r.method === "PATCH")).toBe(false);
  });
});

describe("SCIM 2.0 group membership in chunks", () => {
  const members = (n: number) => Array.from({ length: n }, (_, i) => `remote-${i}`);

  it("creates a 5,000-member group at a target taking 100 per request, complete", async () => {
    const { target, connector } = await setup({ maxMembersPerRequest: 100 }, { maxMembersPerRequest: 100 });
    const created = await connector.createGroup({ id: "g", displayName: "Everyone", memberRemoteIds: members(5000) });
    expect(target.group("Everyone")!.members).toHaveLength(5000);
    expect(created.remoteId).toBe(target.group("Everyone")!.id);
    expect(target.requests.every((r) => r.status < 400)).toBe(true);
    expect(target.requests).toHaveLength(50);
  }, 20_000);

  it("learns a lower limit from tooMany and finishes", async () => {
    const { target, connector } = await setup({ maxMembersPerRequest: 100 }, { maxMembersPerRequest: 1000 });
    const created = await connector.createGroup({ id: "g", displayName: "Many", memberRemoteIds: [] });
    await connector.updateGroup(created.remoteId!, { displayName: "Many", addMemberRemoteIds: members(1000), removeMemberRemoteIds: [] });
    expect(target.group("Many")!.members).toHaveLength(1000);
    expect(target.requests.filter((r) => r.status === 400).length).toBeGreaterThan(0);
    // later changes start from the learnt limit
    const before = target.requests.length;
    await connector.updateGroup(created.remoteId!, { displayName: "Many", addMemberRemoteIds: [], removeMemberRemoteIds: members(300) });
    expect(target.requests.slice(before).every((r) => r.status < 400)).toBe(true);
    expect(target.group("Many")!.members).toHaveLength(700);
  }, 20_000);

  it("waits out a throttling target in the middle of a long change instead of starting over", async () => {
    const { target, connector } = await setup({ maxMembersPerRequest: 100, requestsPerSecond: 10 }, { maxMembersPerRequest: 100 });
    await connector.createGroup({ id: "g", displayName: "Throttled", memberRemoteIds: members(2500) });
    expect(target.group("Throttled")!.members).toHaveLength(2500);
    expect(target.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  }, 20_000);

  it("changes membership with PUT of the merged group where PATCH is refused", async () => {
    const { target, connector } = await setup({ noPatch: 405 });
    const created = await connector.createGroup({ id: "g", displayName: "Small", memberRemoteIds: ["a", "b"] });
    await connector.updateGroup(created.remoteId!, { displayName: "Small", addMemberRemoteIds: ["c"], removeMemberRemoteIds: ["a"] });
    expect(target.group("Small")!.members.map((m: { value: string }) => m.value)).toEqual(["b", "c"]);
  });
});

describe("SCIM 2.0 connection test", () => {
  const states = (result: ConnectionTestResult) => Object.fromEntries(result.capabilities.map((c) => [c.capability, c.state]));

  it("tells a limited target from a capable one, and leaves nothing behind", async () => {
    const limited = await setup({ noPatch: 501, filter: "ignored" });
    limited.target.users.set("someone", { id: "someone", userName: "someone.else", schemas: [] });
    const poor = await limited.connector.testConnection();
    expect(poor.ok).toBe(true);
    expect(states(poor)).toMatchObject({
      connection: "supported",
      serviceProviderConfig: "unsupported",
      createUser: "supported",
      patch: "unsupported",
      patchPathless: "unsupported",
      filterUserName: "unsupported",
      filterMembers: "unsupported",
      excludedAttributes: "supported",
      bulk: "unsupported",
      deleteGroup: "supported",
      deleteUser: "supported",
    });
    expect(poor.capabilities.find((c) => c.capability === "patch")!.evidence).toBe("PATCH /Users/{id} (path) answered 501");
    expect(poor.message).toMatch(/Updates will be read, merged and sent whole with PUT/);
    expect([...limited.target.users.keys()]).toEqual(["someone"]);
    expect(limited.target.groups.size).toBe(0);
    await limited.target.close();

    const capable = await setup({ serviceProviderConfig: true, filter: "eq" });
    expect(states(await capable.connector.testConnection())).toMatchObject({
      serviceProviderConfig: "supported",
      patch: "supported",
      patchPathless: "supported",
      filterUserName: "supported",
      filterMembers: "supported",
      bulk: "unsupported",
    });
  });

  it.each([
    { why: "wrong credentials", settings: { password: "wrong" }, message: /refused the credentials \(HTTP 401\)/ },
    { why: "a wrong endpoint", settings: { userEndpoint: "http://127.0.0.1:1/scim/v2/Users" }, message: /^The target could not be reached: .*127\.0\.0\.1:1/ },
  ])("explains $why in a sentence", async ({ settings, message }) => {
    const { connector } = await setup({}, settings);
    const result = await connector.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(message);
    expect(result.capabilities.find((c) => c.capability === "connection")!.state).toBe("unsupported");
  });
});
