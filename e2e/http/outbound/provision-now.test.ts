import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userAt, type Json } from "../../support/scim-client";
import { ConsoleClient } from "../../support/console-client";
import { stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { provisionTo, startPair, withSql } from "../../support/outbound-setup";
import { setProvisioningRoles } from "../../../lib/provisioning/connections";
import type { ProvisionTrace } from "../../../lib/provisioning/provision-trace";
import { DIALECTS, databaseFor } from "../databases";

// B's administrator, admin:admin, as the connector's HTTP Basic credentials carry it
const BASIC_CREDENTIALS = Buffer.from("admin:admin").toString("base64");

describe.each(DIALECTS)("provision now from A to B, traced step by step (%s)", (dialect) => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let admin: ConsoleClient;
  let partners: { connectorId: string; connectionId: string };
  let leaving: { connectorId: string; connectionId: string };
  const users: Record<string, string> = {};
  let otherRoleId: string;

  async function call(method: string, path: string, json?: unknown): Promise<{ status: number; body: Json }> {
    const res = await admin.fetch(`/api/server/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  const provisionNow = async (userId: string, connectorId: string) => {
    const res = await call("POST", `/users/${userId}/provision`, { connectorId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as ProvisionTrace;
  };

  beforeAll(async () => {
    [a, b] = await startPair({ databaseUrl: () => databaseFor(dialect) });
    admin = new ConsoleClient(a.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
    const roleId = (await call("POST", "/roles", { name: "Partner access" })).body.id;
    otherRoleId = (await call("POST", "/roles", { name: "Auditors" })).body.id;
    // every user and role assignment before any connection exists: nothing is queued for them, provision now sends it all
    for (const userName of ["pn.in", "pn.out", "pn.leaving"]) {
      users[userName] = (await call("POST", "/users", { domain: "PRIMARY", userName, givenName: "Provision", familyName: "Now", email: `${userName}@example.com` })).body.id;
    }
    expect((await call("POST", `/roles/${roleId}/users`, { userIds: [users["pn.in"]] })).status).toBe(200);
    partners = await provisionTo(a, b, { name: "Partner directory", roleIds: [roleId] });
    leaving = await provisionTo(a, b, { name: "Leaving directory" });
  });
  afterAll(() => stopAndRemove(a, b));

  it("creates a user in scope at B, shows the scope, the mapped user, the request with its credentials masked and B's answer, and keeps the remote id", async () => {
    const trace = await provisionNow(users["pn.in"]!, partners.connectorId);
    expect(trace.scope).toMatchObject({ inScope: true, action: "create", serviceProviderId: "resident" });
    expect(trace.scope.checks.find((c) => c.check === "roles")).toMatchObject({ outcome: "pass", detail: 'Holds the provisioning role "Partner access"' });
    expect(trace.mapping).toMatchObject({ mapped: true, representation: { userName: "pn.in", name: { givenName: "Provision", familyName: "Now" } } });

    const atB = await userAt(b, "pn.in");
    expect(atB).toBeDefined();
    expect(trace).toMatchObject({ outcome: "created", remoteId: { before: null, after: atB.id } });
    expect(trace.delivery).toMatchObject({ status: "success", operation: "create", httpStatus: 201 });
    const post = trace.delivery!.exchanges.find((e) => e.method === "POST");
    expect(post).toMatchObject({ url: `${b.baseUrl}/scim2/Users`, status: 201 });
    expect(Object.entries(post!.headers).find(([name]) => name.toLowerCase() === "authorization")?.[1]).toBe("Basic [redacted]");
    expect(post!.request).toContain('"userName":"pn.in"');
    expect(post!.response).toMatch(/^HTTP 201/);
    expect(JSON.stringify(trace)).not.toContain(BASIC_CREDENTIALS);

    // the attempt is in A's provisioning log like any other delivery
    const status = (await call("GET", `/provisioning/users/${users["pn.in"]}`)).body.connectors.find((c: { connectorId: string }) => c.connectorId === partners.connectorId);
    expect(status).toMatchObject({ remoteId: atB.id, lastAttempt: { status: "success", operation: "create", httpStatus: 201 } });

    // once there, provision now updates the same account
    const again = await provisionNow(users["pn.in"]!, partners.connectorId);
    expect(again).toMatchObject({ outcome: "updated", scope: { action: "update" }, remoteId: { before: atB.id, after: atB.id } });
  });

  it("sends nothing for a user lacking the provisioning role, and says which role", async () => {
    const trace = await provisionNow(users["pn.out"]!, partners.connectorId);
    expect(trace.scope).toMatchObject({ inScope: false, action: "none" });
    expect(trace.scope.reason).toContain('Lacks the provisioning role "Partner access"');
    expect(trace.scope.reason).toContain("never provisioned there: nothing is sent");
    expect(trace).toMatchObject({ outcome: "nothing-sent", delivery: null, mapping: null, remoteId: { before: null, after: null } });
    expect(await userAt(b, "pn.out")).toBeUndefined();
  });

  it("deactivates, then deletes, at B a user provisioned before who left the connection's scope, as its deprovision setting says", async () => {
    const created = await provisionNow(users["pn.leaving"]!, leaving.connectorId);
    expect(created.outcome).toBe("created");
    const remoteId = created.remoteId.after;
    expect((await userAt(b, "pn.leaving"))?.active).toBe(true);

    // the connection now provisions only auditors: the user is out of its scope, with an account at B
    await withSql(a, (sql) => setProvisioningRoles(sql, leaving.connectionId, [otherRoleId], { name: "test-setup", channel: "api" }));
    expect((await call("PUT", `/identity-providers/${leaving.connectionId}/provisioning/outbound-policy`, { deprovision: "deactivate" })).status).toBe(200);
    const deactivated = await provisionNow(users["pn.leaving"]!, leaving.connectorId);
    expect(deactivated.scope).toMatchObject({ inScope: false, action: "deactivate" });
    expect(deactivated.scope.reason).toContain('Lacks the provisioning role "Auditors"');
    expect(deactivated).toMatchObject({ outcome: "deactivated", connection: { deprovision: "deactivate" }, remoteId: { before: remoteId, after: remoteId } });
    expect(deactivated.mapping?.representation.active).toBe(false);
    expect(deactivated.delivery!.exchanges.length).toBeGreaterThan(0);
    expect((await userAt(b, "pn.leaving"))?.active).toBe(false);

    expect((await call("PUT", `/identity-providers/${leaving.connectionId}/provisioning/outbound-policy`, { deprovision: "delete" })).status).toBe(200);
    const deleted = await provisionNow(users["pn.leaving"]!, leaving.connectorId);
    expect(deleted).toMatchObject({ outcome: "deleted", scope: { action: "delete" }, remoteId: { before: remoteId, after: null } });
    expect(deleted.delivery!.exchanges.find((e) => e.method === "DELETE")).toMatchObject({ url: `${b.baseUrl}/scim2/Users/${remoteId}`, status: 204 });
    expect(await userAt(b, "pn.leaving")).toBeUndefined();
  });

  it("answers 404 for an unknown user and 400 without a connector", async () => {
    expect((await call("POST", "/users/no-such-user/provision", { connectorId: partners.connectorId })).status).toBe(404);
    const missing = await call("POST", `/users/${users["pn.in"]}/provision`, {});
    expect(missing.status).toBe(400);
    expect((await call("POST", `/users/${users["pn.in"]}/provision`, { connectorId: "no-such-connector" })).status).toBe(400);
  });
});
