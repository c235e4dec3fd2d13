import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../support/eventually";
import { ConsoleClient } from "../../support/console-client";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE } from "../../support/outbound-setup";
import { type Json } from "../../support/scim-client";
import { startFakeScimServer, type FakeScimServer } from "../../../test/support/fake-scim-server";
import { DIALECTS, databaseFor } from "../databases";

describe.each(DIALECTS)("users leaving a connection's scope, deleted or deactivated there as the connection says (%s)", (dialect) => {
  let a: ProvisioInstance;
  let target: FakeScimServer;
  let admin: ConsoleClient;
  let connectionId: string;
  let roleId: string;

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> {
    const res = await admin.fetch(`/api/server/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const atTarget = (userName: string) => [...target.users.entries()].filter(([, u]) => u.userName === userName);
  const setDeprovision = async (deprovision: "delete" | "deactivate") =>
    expect((await call("PUT", `/identity-providers/${connectionId}/provisioning/outbound-policy`, { deprovision })).status).toBe(200);

  beforeAll(async () => {
    a = await startProvisio({ databaseUrl: await databaseFor(dialect), env: SHORT_SETTINGS_CACHE });
    target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
    admin = new ConsoleClient(a.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    roleId = (await call("POST", "/roles", { name: "Partner access" })).body.id;
    connectionId = (await provisionTo(a, { baseUrl: target.origin }, { name: "Partner directory", roleIds: [roleId] })).connectionId;
    // written behind the server's back (as another instance would): it picks the provisioner up within its cache period
    await pastSettingsCache();
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await target?.close();
  });

  async function inScope(userName: string): Promise<Json> {
    const user = (await call("POST", "/users", { domain: "PRIMARY", userName, givenName: "Scope", familyName: "Tester" })).body;
    expect((await call("POST", `/roles/${roleId}/users`, { userIds: [user.id] })).status).toBe(200);
    await eventually(async () => (atTarget(userName).length === 1 ? true : undefined), `${userName} at the target`);
    return user;
  }

  it("deactivates a user whose provisioning role is revoked, keeps the same account, and reactivates it when the role comes back", async () => {
    await setDeprovision("deactivate");
    const user = await inScope("scope.kept");
    const [[remoteId, before]] = atTarget("scope.kept") as [[string, Json]];
    expect(before.active).toBe(true);

    expect((await call("DELETE", `/roles/${roleId}/users`, { userIds: [user.id] })).status).toBe(200);
    await eventually(async () => (atTarget("scope.kept")[0]?.[1].active === false ? true : undefined), "the user deactivated at the target");
    expect(atTarget("scope.kept").map(([id]) => id)).toEqual([remoteId]);
    const log = (await call("GET", `/provisioning/users/${user.id}`)).body;
    expect(JSON.stringify(log)).toContain("deactivate");

    expect((await call("POST", `/roles/${roleId}/users`, { userIds: [user.id] })).status).toBe(200);
    await eventually(async () => (atTarget("scope.kept")[0]?.[1].active === true ? true : undefined), "the user active again");
    expect(atTarget("scope.kept").map(([id]) => id)).toEqual([remoteId]);
  });

  it("deletes a user leaving scope by default, and always one deleted here", async () => {
    await setDeprovision("delete");
    const leaving = await inScope("scope.gone");
    expect((await call("DELETE", `/roles/${roleId}/users`, { userIds: [leaving.id] })).status).toBe(200);
    await eventually(async () => (atTarget("scope.gone").length === 0 ? true : undefined), "the user deleted at the target");

    await setDeprovision("deactivate");
    const deleted = await inScope("scope.deleted");
    expect((await call("DELETE", `/users/${deleted.id}`)).status).toBeLessThan(300);
    await eventually(async () => (atTarget("scope.deleted").length === 0 ? true : undefined), "the deleted user gone from the target");
  });
});
