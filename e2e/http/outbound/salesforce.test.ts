import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerResponse } from "node:http";
import { eventually } from "../../support/eventually";
import { fastRetries } from "../../support/outbound-setup";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, SCHEMAS, type Json } from "../../support/scim-client";
import { PROFILE_ID, sendJson, startFakeSalesforce, type FakeSalesforce, type RecordedRequest } from "../../../test/support/fake-salesforce";

const ORG = { clientId: "3MVG9-provisio-app", clientSecret: "Consumer-Secret-5f2a", username: "integration@acme.example", password: "Integration-Pass-81" };
const TOKEN = "SecurityToken0042";
const IDPS = "/api/server/v1/identity-providers";
const LOG = "/api/server/v1/provisioning";

const userBody = (userName: string, email: string, extra: Record<string, unknown> = {}) => ({
  schemas: [SCHEMAS.user, SCHEMAS.enterprise],
  userName,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: email, primary: true }],
  ...extra,
});
const patch = (...Operations: Record<string, unknown>[]) => ({ schemas: [SCHEMAS.patch], Operations });

describe("Provisio provisions to Salesforce (a fake org on the wire, through jsforce)", () => {
  let a: ProvisioInstance;
  let admin: ScimClient;
  let fake: FakeSalesforce;
  let connectorId: string;

  beforeAll(async () => {
    [a, fake] = await Promise.all([startProvisio(), startFakeSalesforce({ ...ORG, password: ORG.password + TOKEN })]);
    admin = new ScimClient(a.baseUrl);
    // three attempts, 200 ms apart and growing: the retry rules without the wait
    await fastRetries(a, 3);
    const connection = await admin.api("POST", IDPS, { name: "Salesforce" });
    expect(connection.status, connection.text).toBe(201);
    const config = { loginUrl: fake.origin, ...ORG, securityToken: TOKEN, profileId: PROFILE_ID, freezeOnDelete: true, timeoutMs: 3000 };
    const connector = await admin.api("PUT", `${IDPS}/${connection.body.id}/connectors/salesforce`, { config });
    expect(connector.status, connector.text).toBe(201);
    expect(connector.body.secretsSet.sort()).toEqual(["clientSecret", "password", "securityToken"]);
    for (const secret of [ORG.clientSecret, ORG.password, TOKEN]) expect(connector.text).not.toContain(secret);
    connectorId = connector.body.id;
    const provisioner = await admin.api("POST", "/api/server/v1/resident-application/outbound-provisioning", { connectorId, blocking: false });
    expect(provisioner.status, provisioner.text).toBe(201);
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await fake?.close();
  });

  const create = async (body: Json) => {
    const res = await admin.scim("POST", "/Users", body);
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const status = async (userId: string) => (await admin.api("GET", `${LOG}/users/${userId}`)).body.connectors[0];
  /** The user's attempts, oldest first. */
  const attempts = async (entityId: string): Promise<Json[]> =>
    (await admin.api("GET", `${LOG}/attempts?entityId=${entityId}&count=100`)).body.items.sort((x: Json, y: Json) => x.at.localeCompare(y.at) || x.attempt - y.attempt);
  const settled = (entityId: string, n: number, last: string) =>
    eventually(async () => {
      const list = await attempts(entityId);
      return list.length >= n && list.at(-1).status === last ? list : undefined;
    }, `${n} attempts, the last ${last}`);

  it("creates, updates, deactivates and deletes a user, and mirrors a public group, keeping the Salesforce ids", async () => {
    const ada = await create(userBody("sf.ada", "ada@example.com", { title: "Analyst", [SCHEMAS.enterprise]: { department: "Engines", employeeNumber: "1815" } }));
    const remote = await eventually(async () => fake.userByUsername("ada@example.com"), "the user in Salesforce");
    expect(remote).toMatchObject({
      Username: "ada@example.com",
      FirstName: "Ada",
      LastName: "Lovelace",
      Email: "ada@example.com",
      Alias: "alovelac",
      Title: "Analyst",
      Department: "Engines",
      EmployeeNumber: "1815",
      ProfileId: PROFILE_ID,
      TimeZoneSidKey: "America/Los_Angeles",
      LocaleSidKey: "en_US",
      EmailEncodingKey: "UTF-8",
      LanguageLocaleKey: "en_US",
      IsActive: true,
    });
    expect([...fake.versions]).toEqual(["59.0"]);
    const created = await eventually(async () => ((await status(ada.id))?.remoteId ? status(ada.id) : undefined), "the remote id");
    expect(created).toMatchObject({ connectorType: "salesforce", remoteId: remote.Id, lastAttempt: { status: "success", operation: "create", httpStatus: 201 } });
    const [first] = await attempts(ada.id);
    expect(first.request).toContain(`POST ${fake.origin}/services/data/v59.0/sobjects/User`);
    for (const secret of [ORG.clientSecret, ORG.password, TOKEN]) expect(first.request + first.response).not.toContain(secret);

    await admin.scim("PATCH", `/Users/${ada.id}`, patch({ op: "replace", path: "title", value: "Lead Analyst" }));
    await eventually(async () => (fake.users.get(remote.Id)?.Title === "Lead Analyst" ? true : undefined), "the update in Salesforce");
    expect(fake.requests.at(-1)).toMatchObject({ method: "PATCH", path: `/services/data/v59.0/sobjects/User/${remote.Id}` });

    await admin.scim("PATCH", `/Users/${ada.id}`, patch({ op: "replace", path: "active", value: false }));
    await eventually(async () => (fake.users.get(remote.Id)?.IsActive === false ? true : undefined), "the deactivation in Salesforce");
    await admin.scim("PATCH", `/Users/${ada.id}`, patch({ op: "replace", path: "active", value: true }));
    await eventually(async () => (fake.users.get(remote.Id)?.IsActive === true ? true : undefined), "the reactivation in Salesforce");

    // a public group with its members, renamed and changed by delta, then deleted
    const charles = await create(userBody("sf.charles", "charles@example.com", { name: { givenName: "Charles", familyName: "Babbage" } }));
    const charlesRemote = await eventually(async () => fake.userByUsername("charles@example.com"), "the second user");
    await eventually(async () => ((await status(charles.id))?.remoteId ? true : undefined), "the second user's remote id");
    const group = (await admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "Analytical Engine", members: [{ value: ada.id }, { value: charles.id }] })).body;
    const remoteGroup = await eventually(async () => [...fake.groups.values()].find((g) => g.Name === "Analytical Engine" && fake.membersOf(g.Id).length === 2), "the public group");
    expect(remoteGroup).toMatchObject({ DeveloperName: "Analytical_Engine", Type: "Regular" });
    expect(fake.membersOf(remoteGroup.Id).sort()).toEqual([remote.Id, charlesRemote.Id].sort());

    await admin.scim("PATCH", `/Groups/${group.id}`, patch({ op: "replace", path: "displayName", value: "Difference Engine" }, { op: "remove", path: `members[value eq "${ada.id}"]` }));
    await eventually(async () => (remoteGroup.Name === "Difference Engine" && fake.membersOf(remoteGroup.Id).length === 1 ? true : undefined), "the renamed group, one member less");
    expect(fake.membersOf(remoteGroup.Id)).toEqual([charlesRemote.Id]);
    await admin.scim("DELETE", `/Groups/${group.id}`);
    await eventually(async () => (fake.groups.has(remoteGroup.Id) ? undefined : true), "the group deleted in Salesforce");

    // deleted in Provisio: deactivated and frozen in Salesforce, never deleted
    await admin.scim("DELETE", `/Users/${ada.id}`);
    await eventually(async () => (fake.loginOf(remote.Id)?.IsFrozen && fake.users.get(remote.Id)?.IsActive === false ? true : undefined), "frozen and deactivated");
    expect(fake.users.has(remote.Id)).toBe(true);
    expect(fake.requests.some((r) => r.method === "DELETE" && r.path.includes("/sobjects/User"))).toBe(false);
    const deletion = await eventually(async () => (await attempts(ada.id)).find((x) => x.operation === "delete" && x.status === "success"), "the deletion's attempt");
    expect(deletion).toMatchObject({ operation: "delete", status: "success", httpStatus: 204 });
    expect(deletion.request).toMatch(/UserLogin[\s\S]*IsFrozen[\s\S]*"IsActive":false/);

    // the same person created again: linked to the Salesforce user by its Username, reactivated and unfrozen
    const again = await create(userBody("sf.ada", "ada@example.com"));
    const linked = await settled(again.id, 1, "success");
    expect(linked[0]).toMatchObject({ operation: "link+update", httpStatus: 204 });
    // the update that followed the refused create: reactivated, then unfrozen
    expect(linked[0].request).toMatch(/"IsActive":true[\s\S]*UserLogin[\s\S]*"IsFrozen":false/);
    expect((await status(again.id)).remoteId).toBe(remote.Id);
    expect(fake.users.get(remote.Id)).toMatchObject({ IsActive: true });
    expect(fake.loginOf(remote.Id)!.IsFrozen).toBe(false);
    expect([...fake.users.values()].filter((u) => u.Username === "ada@example.com")).toHaveLength(1);
  });

  /** Answers the user creates carrying this Username with `reply`, ahead of the fake's normal handling. */
  const onCreateOf = (username: string, reply: (res: ServerResponse) => void) => (req: RecordedRequest, res: ServerResponse) => {
    if (req.method !== "POST" || !req.path.endsWith("/sobjects/User") || req.json?.Username !== username) return false;
    reply(res);
    return true;
  };

  it("retries 5xx and REQUEST_LIMIT_EXCEEDED, and delivers when Salesforce takes the change", async () => {
    fake.intercept(onCreateOf("flaky@example.com", (res) => sendJson(res, 500, [{ message: "An unexpected error occurred.", errorCode: "UNKNOWN_EXCEPTION" }])));
    fake.intercept(onCreateOf("flaky@example.com", (res) => sendJson(res, 403, [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }])));
    const user = await create(userBody("sf.flaky", "flaky@example.com"));
    const list = await settled(user.id, 3, "success");
    expect(list.map((x) => [x.status, x.httpStatus])).toEqual([
      ["retrying", 500],
      ["retrying", 403],
      ["success", 201],
    ]);
    expect(list[0].error).toMatch(/^create user: Salesforce answered HTTP 500 UNKNOWN_EXCEPTION: An unexpected error occurred\./);
    expect(list[1].error).toMatch(/REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\.; the org has used up its API requests for now/);
    expect(fake.userByUsername("flaky@example.com")).toBeDefined();
  });

  it("dead-letters refusals at once: a Username another org holds, a malformed answer", async () => {
    fake.foreignUsernames.add("taken@example.com");
    const taken = await create(userBody("sf.taken", "taken@example.com"));
    const [refused] = await settled(taken.id, 1, "dead");
    expect(refused).toMatchObject({ status: "dead", httpStatus: 400, eventStatus: "dead" });
    expect(refused.error).toMatch(
      /DUPLICATE_USERNAME: Duplicate Username\. Another user has already registered using taken@example\.com.*\(fields: Username\); Salesforce usernames are unique across every org/,
    );

    fake.intercept(onCreateOf("garbled@example.com", (res) => (res.writeHead(201, { "content-type": "text/html" }), res.end("<html>maintenance</html>"))));
    const garbled = await create(userBody("sf.garbled", "garbled@example.com"));
    const [malformed] = await settled(garbled.id, 1, "dead");
    expect(malformed).toMatchObject({ httpStatus: 201 });
    expect(malformed.error).toBe("create user: Salesforce returned a malformed answer (HTTP 201): the body is not JSON");
    expect(malformed.response).toContain("<html>maintenance</html>");
  });

  it("signs in again when the session expired; a refused sign-in is dead and says what to check, then passes on retry", async () => {
    await settled((await create(userBody("sf.session", "session@example.com"))).id, 1, "success");
    const before = fake.tokensIssued;
    fake.expireSessions();
    const renewed = await create(userBody("sf.renewed", "renewed@example.com"));
    const [ok] = await settled(renewed.id, 1, "success");
    expect(fake.tokensIssued).toBe(before + 1);
    expect(ok.response).toMatch(/HTTP 401[\s\S]*INVALID_SESSION_ID[\s\S]*HTTP 200[\s\S]*HTTP 201/);

    // the integration user's password was changed in Salesforce, and not yet here
    fake.changePassword("Rotated-Pass-1" + TOKEN);
    const locked = await create(userBody("sf.locked", "locked@example.com"));
    const [refused] = await settled(locked.id, 1, "dead");
    expect(refused.httpStatus).toBe(400);
    expect(refused.error).toMatch(/^create user: sign-in at 127\.0\.0\.1:\d+ answered HTTP 400 invalid_grant: authentication failure; check the username, password and security token$/);
    expect(refused.request).toContain("grant_type=password");
    for (const secret of [ORG.clientSecret, ORG.password, TOKEN]) expect(refused.request + refused.response + refused.error).not.toContain(secret);
    expect(fake.userByUsername("locked@example.com")).toBeUndefined();

    fake.changePassword(ORG.password + TOKEN);
    const retried = await admin.api("POST", `${LOG}/retry`, { seqs: [refused.eventSeq] });
    expect(retried.body).toEqual({ retried: 1 });
    await settled(locked.id, 2, "success");
    expect(fake.userByUsername("locked@example.com")).toBeDefined();
  });

  it("is offered in WSO2's shape too: its id, mandatory and confidential properties, typed on the way in", async () => {
    const SALESFORCE = Buffer.from("salesforce").toString("base64url");
    const types = await admin.api("GET", `${IDPS}/meta/outbound-provisioning-connectors`);
    const meta = types.body.find((t: Json) => t.type === "salesforce");
    expect(meta).toMatchObject({ connectorId: SALESFORCE, name: "salesforce", displayName: "Salesforce" });
    const property = (key: string) => meta.properties.find((p: Json) => p.key === key);
    expect(property("profileId")).toMatchObject({ isMandatory: true, isConfidential: false });
    expect(property("securityToken")).toMatchObject({ isMandatory: false, isConfidential: true });
    expect(property("usernameSource")).toMatchObject({ defaultValue: "email", options: ["email", "userNameAtDomain"] });

    const connection = await admin.api("POST", IDPS, { name: "Salesforce (WSO2 shape)" });
    const properties = Object.entries({ loginUrl: fake.origin, ...ORG, profileId: PROFILE_ID, freezeOnDelete: "true", timeoutMs: "4000" }).map(([key, value]) => ({ key, value }));
    const put = await admin.api("PUT", `${IDPS}/${connection.body.id}/provisioning/outbound-connectors/${SALESFORCE}`, { isEnabled: false, properties });
    expect(put.status, put.text).toBe(201);
    expect(put.text).not.toContain(ORG.clientSecret);
    const native = await admin.api("GET", `${IDPS}/${connection.body.id}/connectors/salesforce`);
    expect(native.body).toMatchObject({ enabled: false, config: { freezeOnDelete: true, timeoutMs: 4000, apiVersion: "59.0" } });
    expect(native.body.secretsSet.sort()).toEqual(["clientSecret", "password"]);
  });

  it("holds changes back while the org does not answer, and delivers them when it is back", async () => {
    await fake.stop();
    const user = await create(userBody("sf.outage", "outage@example.com"));
    const [down] = await settled(user.id, 1, "retrying");
    expect(down.httpStatus).toBeNull();
    expect(down.error).toMatch(/connection refused \(ECONNREFUSED\) connecting to 127\.0\.0\.1:\d+/);
    await fake.start();
    await eventually(async () => fake.userByUsername("outage@example.com"), "the user once the org is back");
    const queue = (await admin.api("GET", `${LOG}/queue`)).body.connectors.find((c: Json) => c.connectorId === connectorId);
    expect(queue).toMatchObject({ connectorType: "salesforce", connectionName: "Salesforce" });
  });
});
