import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimClient, SCHEMAS, userAt as remoteUser, type Json } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { fastRetries, provisionTo, startPair } from "../../support/outbound-setup";
import { startFakeWso2, type FakeWso2 } from "../../../test/support/fake-wso2-user-admin";
import { DIALECTS, databaseFor } from "../databases";

const C = (name: string) => `http://wso2.org/claims/${name}`;

const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [SCHEMAS.user, SCHEMAS.enterprise],
  userName,
  name: { givenName: "Kim", familyName: "Lee" },
  displayName: "Kim Lee",
  title: "Engineer",
  emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
  phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
  [SCHEMAS.enterprise]: { department: "Ops", employeeNumber: "42" },
  ...extra,
});

const patch = (...operations: Json[]) => ({ schemas: [SCHEMAS.patch], Operations: operations });

/** Provisio → Provisio over SOAP: A's SOAP connector calls B's RemoteUserStoreManagerService; B is read through its SCIM API. */
describe.each(DIALECTS)("A provisions to B through SOAP (%s)", (dialect) => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let scimA: ScimClient;
  let scimB: ScimClient;

  beforeAll(async () => {
    [a, b] = await startPair({ databaseUrl: () => databaseFor(dialect), fastRetries: 20 });
    await provisionTo(a, b, { type: "soap", passwordProvisioning: true });
    scimA = new ScimClient(a.baseUrl);
    scimB = new ScimClient(b.baseUrl);
  });
  afterAll(() => stopAndRemove(a, b));

  const groupAtB = async (name: string): Promise<Json | undefined> => (await scimB.scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}`)).body.Resources?.[0];
  // A logs an attempt once the call has returned, a moment after B shows its effect
  const attemptsOnceLogged = (entityId: string, operation: string): Promise<Json[]> =>
    eventually(async () => {
      const items: Json[] = (await scimA.api("GET", `/api/server/v1/provisioning/attempts?entityId=${entityId}`)).body.items;
      return items[0]?.operation === operation ? items : undefined;
    }, `the ${operation} in A's log`);
  const signsInAtB = async (userName: string, password: string) => (await scimB.as({ user: userName, password }).scim("GET", "/Me")).status === 200;

  it("creates, updates and deletes a user at B, addressed by its user name", async () => {
    const created = (await scimA.scim("POST", "/Users", userBody("soap.kim", { password: "Kim-Pa55word" }))).body;
    const atB = await eventually(() => remoteUser(b, "soap.kim"), "the user at B");
    expect(atB).toMatchObject({
      userName: "soap.kim",
      name: { givenName: "Kim", familyName: "Lee" },
      displayName: "Kim Lee",
      title: "Engineer",
      emails: [{ value: "soap.kim@example.com", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100" }],
      [SCHEMAS.enterprise]: { department: "Ops", employeeNumber: "42" },
    });
    expect(await signsInAtB("soap.kim", "Kim-Pa55word")).toBe(true);
    // the remote id is the user name: WSO2's service addresses users by name
    await attemptsOnceLogged(created.id, "create");
    const status = (await scimA.api("GET", `/api/server/v1/provisioning/users/${created.id}`)).body;
    expect(status.connectors).toMatchObject([{ connectorType: "soap", remoteId: "soap.kim", lastAttempt: { status: "success", operation: "create" } }]);

    // a changed claim, a cleared one, and a new password
    await scimA.scim(
      "PATCH",
      `/Users/${created.id}`,
      patch({ op: "replace", path: "name.givenName", value: "Kimberly" }, { op: "remove", path: "phoneNumbers" }, { op: "replace", path: "password", value: "Kim-New-Pa55word" }),
    );
    const updated = await eventually(async () => {
      const user = await remoteUser(b, "soap.kim");
      return user?.name?.givenName === "Kimberly" && !user.phoneNumbers && (await signsInAtB("soap.kim", "Kim-New-Pa55word")) ? user : undefined;
    }, "the update at B");
    expect(updated.title).toBe("Engineer");
    const log = await attemptsOnceLogged(created.id, "update");
    expect(log[0]).toMatchObject({ operation: "update", status: "success", connectorType: "soap" });
    expect(log[0].request).toMatch(/urn:setUserClaimValues[\s\S]*urn:deleteUserClaimValues[\s\S]*urn:updateCredentialByAdmin/);
    expect(JSON.stringify(log)).not.toMatch(/Kim-Pa55word|Kim-New-Pa55word/);

    await scimA.scim("DELETE", `/Users/${created.id}`);
    await eventually(async () => ((await remoteUser(b, "soap.kim")) ? undefined : true), "the deletion at B");
  });

  it("creates groups as roles with their members, moves members, and deletes them", async () => {
    const one = (await scimA.scim("POST", "/Users", userBody("soap.one"))).body;
    const two = (await scimA.scim("POST", "/Users", userBody("soap.two"))).body;
    await eventually(async () => ((await remoteUser(b, "soap.two")) ? true : undefined), "both users at B");
    const group = (await scimA.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "soap-crew", members: [{ value: one.id }] })).body;
    const members = async () => (await groupAtB("soap-crew"))?.members?.map((m: Json) => m.display).sort();
    expect(await eventually(async () => ((await members())?.length ? members() : undefined), "the role at B")).toStrictEqual(["soap.one"]);

    await scimA.scim("PATCH", `/Groups/${group.id}`, patch({ op: "add", path: "members", value: [{ value: two.id }] }, { op: "remove", path: `members[value eq "${one.id}"]` }));
    await eventually(async () => ((await members())?.join() === "soap.two" ? true : undefined), "the membership change at B");
    const log = await attemptsOnceLogged(group.id, "update");
    expect(log[0].request.match(/urn:updateRoleListOfUser/g)).toHaveLength(2);

    await scimA.scim("DELETE", `/Groups/${group.id}`);
    await eventually(async () => ((await groupAtB("soap-crew")) ? undefined : true), "the role's deletion at B");
    expect(await remoteUser(b, "soap.two")).toBeDefined();
  });

  it("links a user B already has and brings it up to date", async () => {
    await scimB.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: "soap.existing", name: { givenName: "Old" } });
    const created = (await scimA.scim("POST", "/Users", userBody("soap.existing"))).body;
    await eventually(async () => ((await remoteUser(b, "soap.existing"))?.name?.givenName === "Kim" ? true : undefined), "the linked user updated at B");
    // the attempt is logged once the call has returned, a moment after B shows its effect
    const status = await eventually(async () => {
      const body = (await scimA.api("GET", `/api/server/v1/provisioning/users/${created.id}`)).body;
      return body.connectors[0]?.lastAttempt ? body : undefined;
    }, "the attempt in A's log");
    expect(status.connectors[0]).toMatchObject({ remoteId: "soap.existing", lastAttempt: { status: "success", operation: "link+update" } });
  });
});

/** Against WSO2's service as a local fake answers it (202 for void operations, soapenv:Server faults in WSO2's words). */
describe("SOAP connector failures in the provisioning log", () => {
  const ADMIN = { username: "admin", password: "Admin-Pa55word" };
  let a: ProvisioInstance;
  let fake: FakeWso2;
  let scimA: ScimClient;

  beforeAll(async () => {
    [a, fake] = await Promise.all([startProvisio(), startFakeWso2(ADMIN)]);
    await fastRetries(a, 5);
    // WSO2 IS wants a credential for every new user: users created here without one get the default password
    await provisionTo(a, { baseUrl: "" }, { type: "soap", passwordProvisioning: true, config: { serviceUrl: fake.serviceUrl, ...ADMIN, defaultPassword: "Default-Pa55word" } });
    scimA = new ScimClient(a.baseUrl);
  });
  afterAll(async () => {
    await fake?.close();
    await stopAndRemove(a);
  });

  const attempts = async (entityId: string): Promise<Json[]> => (await scimA.api("GET", `/api/server/v1/provisioning/attempts?entityId=${entityId}`)).body.items.reverse();
  const settled = (entityId: string, what: string) =>
    eventually(async () => {
      const log = await attempts(entityId);
      return ["success", "dead"].includes(log.at(-1)?.status) ? log : undefined;
    }, what);

  it("creates the user at WSO2 with its claims, the user name as remote id", async () => {
    const user = (await scimA.scim("POST", "/Users", userBody("wso2.kim", { password: "Kim-Pa55word" }))).body;
    const log = await settled(user.id, "the delivery");
    expect(log).toMatchObject([{ status: "success", operation: "create", httpStatus: 202 }]);
    expect(Object.fromEntries(fake.users.get("wso2.kim")!.claims)).toMatchObject({ [C("givenname")]: "Kim", [C("department")]: "Ops" });
    expect(fake.users.get("wso2.kim")!.password).toBe("Kim-Pa55word");
    expect(JSON.stringify(log)).not.toContain("Kim-Pa55word");
  });

  it("a 503 is retried until WSO2 answers", async () => {
    fake.misbehave("unavailable", 2);
    const user = (await scimA.scim("POST", "/Users", userBody("wso2.retry"))).body;
    const log = await settled(user.id, "the delivery after the retries");
    expect(log.map((l) => [l.status, l.httpStatus])).toStrictEqual([
      ["retrying", 503],
      ["retrying", 503],
      ["success", 202],
    ]);
    expect(log[0].error).toMatch(/create user wso2.retry: 127.0.0.1:\d+ answered HTTP 503 without a SOAP fault/);
    expect(fake.users.get("wso2.retry")!.password).toBe("Default-Pa55word");
  });

  it("a fault without a known reason is retried; WSO2's own refusal of the password is not", async () => {
    fake.misbehave("server-fault", 1);
    const retried = (await scimA.scim("POST", "/Users", userBody("wso2.fault"))).body;
    const log = await settled(retried.id, "the delivery after the fault");
    expect(log.map((l) => l.status)).toStrictEqual(["retrying", "success"]);
    expect(log[0]).toMatchObject({ httpStatus: 500, error: expect.stringMatching(/answered with a fault: Error occurred while accessing the user store database/) });

    // Provisio takes this password; WSO2's default policy (no spaces) does not
    const refused = (await scimA.scim("POST", "/Users", userBody("wso2.spaces", { password: "has some spaces" }))).body;
    const dead = await settled(refused.id, "the refusal");
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ status: "dead", httpStatus: 500, error: expect.stringMatching(/Credential is not valid/) });
  });

  it("an answer that is not SOAP is dead at once, with what came back", async () => {
    fake.misbehave("html", 1);
    const user = (await scimA.scim("POST", "/Users", userBody("wso2.html"))).body;
    const log = await settled(user.id, "the malformed answer");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: "dead", httpStatus: 200, error: expect.stringMatching(/answered HTTP 200 with something that is not a SOAP response of this service/) });
    expect(log[0].response).toMatch(/Sign in to continue/);
  });

  it("refused credentials are dead at once, saying what to check", async () => {
    fake.acceptCredentials({ username: "admin", password: "Rotated-Pa55word" });
    try {
      const user = (await scimA.scim("POST", "/Users", userBody("wso2.denied"))).body;
      const log = await settled(user.id, "the refusal");
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ status: "dead", error: expect.stringMatching(/Access Denied\. Authentication failed.*check the username and password/) });
      expect(JSON.stringify(log)).not.toContain(ADMIN.password);
    } finally {
      fake.acceptCredentials(ADMIN);
    }
  });

  it("groups are roles at WSO2, members moved one call each", async () => {
    const user = (await scimA.scim("POST", "/Users", userBody("wso2.member"))).body;
    await settled(user.id, "the member at WSO2");
    const group = (await scimA.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "wso2-crew", members: [{ value: user.id }] })).body;
    await eventually(async () => (fake.roles.get("wso2-crew")?.has("wso2.member") ? true : undefined), "the role at WSO2");
    await scimA.scim("PATCH", `/Groups/${group.id}`, patch({ op: "remove", path: `members[value eq "${user.id}"]` }));
    await eventually(async () => (fake.roles.get("wso2-crew")?.size === 0 ? true : undefined), "the member removed at WSO2");
    await scimA.scim("DELETE", `/Groups/${group.id}`);
    await eventually(async () => (fake.roles.has("wso2-crew") ? undefined : true), "the role deleted at WSO2");
  });
});
