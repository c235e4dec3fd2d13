import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { PROFILE_ID, sendJson, startFakeSalesforce, type FakeSalesforce } from "../../../../test/support/fake-salesforce.ts";
import { salesforceConfigSchema } from "./config.ts";
import { createSalesforceConnector } from "./index.ts";

const ORG = { clientId: "3MVG9-consumer-key", clientSecret: "Consumer-S3cret-value", username: "integration@acme.example", password: "Integr4tion-Pass" };
const TOKEN = "SecTok3nValue99";

let fake: FakeSalesforce | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(extra: Record<string, unknown> = {}, org: { password?: string } = {}) {
  fake = await startFakeSalesforce({ ...ORG, password: org.password ?? ORG.password + TOKEN });
  const config = salesforceConfigSchema.parse({ loginUrl: fake.origin, ...ORG, securityToken: TOKEN, profileId: PROFILE_ID, timeoutMs: 2000, ...extra });
  return { fake, config, connector: createSalesforceConnector(config) };
}

const kim: ProvisionedUser = {
  id: "local-1",
  userName: "MYSQL/kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  title: "Engineer",
  emails: [{ value: "kim@example.com", primary: true }],
  phoneNumbers: [],
  enterprise: { employeeNumber: "42", department: "R&D" },
};

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

const apiRequests = (f: FakeSalesforce) => f.requests.filter((r) => r.path.startsWith("/services/data/"));

describe("Salesforce users", () => {
  it("signs in with the username-password flow, then creates, finds, updates and deactivates a User", async () => {
    const { fake, connector } = await setup();
    const created = await connector.createUser(kim);
    expect(created.remoteId).toMatch(/^005/);
    expect(created.httpStatus).toBe(201);

    const [tokenRequest, post] = fake.requests;
    expect(tokenRequest).toMatchObject({ method: "POST", path: "/services/oauth2/token" });
    expect(tokenRequest!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.body))).toStrictEqual({
      grant_type: "password",
      username: ORG.username,
      password: ORG.password + TOKEN,
      client_id: ORG.clientId,
      client_secret: ORG.clientSecret,
    });
    expect(post).toMatchObject({ method: "POST", path: "/services/data/v59.0/sobjects/User" });
    expect(post!.headers.authorization).toMatch(/^Bearer 00D5g!/);
    expect(post!.json).toStrictEqual({
      Username: "kim@example.com",
      FirstName: "Kim",
      LastName: "Lee",
      Email: "kim@example.com",
      Title: "Engineer",
      Department: "R&D",
      EmployeeNumber: "42",
      IsActive: true,
      Alias: "klee",
      TimeZoneSidKey: "America/Los_Angeles",
      LocaleSidKey: "en_US",
      EmailEncodingKey: "UTF-8",
      LanguageLocaleKey: "en_US",
      ProfileId: PROFILE_ID,
    });

    // the log shows both requests and answers, with no secret in them
    expect(created.request).toContain(`POST ${fake.origin}/services/oauth2/token`);
    expect(created.request).toContain(`POST ${fake.origin}/services/data/v59.0/sobjects/User`);
    expect(created.response).toMatch(/HTTP 201/);
    for (const secret of [ORG.password, TOKEN, ORG.clientSecret, fake.requests[1]!.headers.authorization!.slice(7)]) {
      expect(created.request).not.toContain(secret);
      expect(created.response).not.toContain(secret);
    }

    expect(await connector.findUserByUserName("MYSQL/kim")).toBe(created.remoteId);

    const updated = await connector.updateUser(created.remoteId!, { ...kim, title: null, name: { givenName: "Kimberly", familyName: "Lee" }, enterprise: {} });
    expect(updated).toMatchObject({ remoteId: created.remoteId, httpStatus: 204 });
    const patch = fake.requests.at(-1)!;
    expect(patch).toMatchObject({ method: "PATCH", path: `/services/data/v59.0/sobjects/User/${created.remoteId}` });
    // identity fields only: alias, locale and profile are Salesforce's after the create; emptied fields are cleared
    expect(patch.json).toStrictEqual({
      Username: "kim@example.com",
      FirstName: "Kimberly",
      LastName: "Lee",
      Email: "kim@example.com",
      Title: null,
      Department: null,
      EmployeeNumber: null,
      IsActive: true,
    });
    expect(fake.users.get(created.remoteId!)).toMatchObject({ FirstName: "Kimberly", Alias: "klee" });
    expect(fake.users.get(created.remoteId!)).not.toHaveProperty("Title");

    await connector.updateUser(created.remoteId!, { ...kim, active: false });
    expect(fake.users.get(created.remoteId!)!.IsActive).toBe(false);

    const deleted = await connector.deleteUser(created.remoteId!);
    expect(deleted).toMatchObject({ remoteId: created.remoteId, httpStatus: 204 });
    expect(fake.requests.at(-1)).toMatchObject({ method: "PATCH", json: { IsActive: false } });
    // Salesforce users are never deleted
    expect(fake.requests.some((r) => r.method === "DELETE")).toBe(false);
    expect(fake.users.get(created.remoteId!)).toMatchObject({ IsActive: false });
    expect(fake.loginOf(created.remoteId!)!.IsFrozen).toBe(false);
    // one sign-in served every call
    expect(fake.tokensIssued).toBe(1);
  });

  it("shares one sign-in among calls made at once", async () => {
    const { fake, connector } = await setup();
    const users = Array.from({ length: 5 }, (_, i) => ({ ...kim, id: `u${i}`, userName: `u${i}`, emails: [{ value: `u${i}@example.com` }] }));
    const results = await Promise.all(users.map((u) => connector.createUser(u)));
    expect(new Set(results.map((r) => r.remoteId)).size).toBe(5);
    expect(fake.tokensIssued).toBe(1);
  });

  it("makes the Username from the user name at the provisioning domain, and finds it by that", async () => {
    const { fake, connector } = await setup({ usernameSource: "userNameAtDomain", usernameDomain: "sf.acme.example", aliasRule: "userName" });
    const created = await connector.createUser({ ...kim, userName: "MYSQL/kim.lee@corp.example" });
    expect(fake.users.get(created.remoteId!)).toMatchObject({ Username: "kim.lee.corp.example@sf.acme.example", Alias: "kim.lee", Email: "kim@example.com" });
    // a fresh connector (another server) finds it from the user name alone
    const other = createSalesforceConnector(
      salesforceConfigSchema.parse({ loginUrl: fake.origin, ...ORG, securityToken: TOKEN, profileId: PROFILE_ID, usernameSource: "userNameAtDomain", usernameDomain: "sf.acme.example" }),
    );
    expect(await other.findUserByUserName("MYSQL/kim.lee@corp.example")).toBe(created.remoteId);
  });

  it("refuses a user without an email before calling Salesforce", async () => {
    const { fake, connector } = await setup();
    const err = await failure(connector.createUser({ ...kim, emails: [] }));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toMatch(/Username shaped like an email address.*kim has none/);
    expect(fake.requests).toHaveLength(0);
  });

  it("reports a duplicate Username as a conflict the engine links through findUserByUserName", async () => {
    const { connector } = await setup();
    const first = await connector.createUser(kim);
    const err = await failure(connector.createUser({ ...kim, id: "local-2" }));
    expect(err.options).toMatchObject({ httpStatus: 400, conflict: true, retryable: false });
    expect(err.message).toContain("create user: Salesforce answered HTTP 400 DUPLICATE_USERNAME: Duplicate Username. Another user has already registered using kim@example.com");
    expect(err.message).toContain("(fields: Username)");
    expect(await connector.findUserByUserName(kim.userName)).toBe(first.remoteId);
  });

  it("says a Username held by another org cannot be linked", async () => {
    const { fake, connector } = await setup();
    fake.foreignUsernames.add("kim@example.com");
    const err = await failure(connector.createUser(kim));
    expect(err.options.conflict).toBe(true);
    expect(err.message).toMatch(/unique across every org.*another org \(a sandbox, say\) does/);
    expect(await connector.findUserByUserName(kim.userName)).toBeUndefined();
  });

  it("names the fields Salesforce finds wrong", async () => {
    const { connector } = await setup({ profileId: "00e000000000000" });
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 400, retryable: false });
    expect(err.message).toContain("INVALID_CROSS_REFERENCE_KEY: invalid cross reference id (fields: ProfileId)");
  });

  it("reports a user Salesforce does not have as not found, on update and on deactivation", async () => {
    const { connector } = await setup();
    for (const call of [connector.updateUser("0055g0000000000AAA", kim), connector.deleteUser("0055g0000000000AAA")]) {
      const err = await failure(call);
      expect(err.options).toMatchObject({ httpStatus: 404, notFound: true, retryable: false });
      expect(err.message).toMatch(/HTTP 404 NOT_FOUND/);
    }
  });
});

describe("freeze on delete", () => {
  it("freezes, then deactivates; unfreezes a user Provisio reactivates; leaves an administrator's freeze alone", async () => {
    const { fake, connector } = await setup({ freezeOnDelete: true });
    const { remoteId } = await connector.createUser(kim);
    const login = fake.loginOf(remoteId!)!;

    await connector.deleteUser(remoteId!);
    const [query, freeze, deactivate] = fake.requests.slice(-3);
    expect(query!.query.get("q")).toBe(`SELECT Id, IsFrozen FROM UserLogin WHERE UserId = '${remoteId}'`);
    expect(freeze).toMatchObject({ method: "PATCH", path: `/services/data/v59.0/sobjects/UserLogin/${login.Id}`, json: { IsFrozen: true } });
    expect(deactivate).toMatchObject({ method: "PATCH", path: `/services/data/v59.0/sobjects/User/${remoteId}`, json: { IsActive: false } });
    expect(fake.users.get(remoteId!)!.IsActive).toBe(false);
    expect(login.IsFrozen).toBe(true);

    // the user is created again in Provisio: the engine links and updates; active again, and unfrozen
    await connector.updateUser(remoteId!, kim);
    expect(fake.users.get(remoteId!)!.IsActive).toBe(true);
    expect(login.IsFrozen).toBe(false);

    // a freeze set in Salesforce on an active user is not undone by an update
    login.IsFrozen = true;
    await connector.updateUser(remoteId!, { ...kim, title: "Lead" });
    expect(login.IsFrozen).toBe(true);
  });
});

describe("Salesforce public groups", () => {
  it("creates a Regular group with members, changes name and members by delta, finds and deletes it", async () => {
    const { fake, connector } = await setup();
    const ids: string[] = [];
    for (const n of ["a", "b", "c"]) ids.push((await connector.createUser({ ...kim, id: n, userName: n, emails: [{ value: `${n}@example.com` }] })).remoteId!);
    const [a, b, c] = ids as [string, string, string];

    const created = await connector.createGroup({ id: "g1", displayName: "PRIMARY/Sales Team", memberRemoteIds: [a, b, a] });
    expect(created.remoteId).toMatch(/^00G/);
    expect(fake.groups.get(created.remoteId!)).toMatchObject({ Name: "Sales Team", DeveloperName: "Sales_Team", Type: "Regular" });
    expect(fake.membersOf(created.remoteId!).sort()).toStrictEqual([a, b].sort());
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: "/services/data/v59.0/composite/sobjects" });

    await connector.updateGroup(created.remoteId!, { displayName: "Sales Team EMEA", addMemberRemoteIds: [c, b], removeMemberRemoteIds: [a] });
    expect(fake.groups.get(created.remoteId!)).toMatchObject({ Name: "Sales Team EMEA", DeveloperName: "Sales_Team" });
    expect(fake.membersOf(created.remoteId!).sort()).toStrictEqual([b, c].sort());
    // b was a member already: only c was added
    const added = fake.requests.find((r) => r.method === "POST" && r.path.endsWith("/composite/sobjects") && r.json.records.some((x: { UserOrGroupId: string }) => x.UserOrGroupId === c));
    expect(added!.json.records).toStrictEqual([{ attributes: { type: "GroupMember" }, GroupId: created.remoteId, UserOrGroupId: c }]);

    // the same delta again (a retry) changes nothing and fails nothing
    await connector.updateGroup(created.remoteId!, { displayName: "Sales Team EMEA", addMemberRemoteIds: [c], removeMemberRemoteIds: [a] });
    expect(fake.membersOf(created.remoteId!).sort()).toStrictEqual([b, c].sort());

    expect(await connector.findGroupByName("Sales Team")).toBeUndefined();
    const renamedDeveloperName = await connector.createGroup({ id: "g2", displayName: "Sales Team", memberRemoteIds: [] }).catch((e: ConnectorError) => e);
    // "Sales Team" maps to the same API name as the renamed group, whose name differs: a conflict never linked
    expect(renamedDeveloperName).toBeInstanceOf(ConnectorError);
    expect((renamedDeveloperName as ConnectorError).options.conflict).toBe(true);
    expect((renamedDeveloperName as ConnectorError).message).toContain("DUPLICATE_DEVELOPER_NAME");

    const deleted = await connector.deleteGroup(created.remoteId!);
    expect(deleted).toMatchObject({ remoteId: created.remoteId, httpStatus: 204 });
    expect(fake.groups.size).toBe(0);
    expect(fake.groupMembers.size).toBe(0);
    const again = await failure(connector.deleteGroup(created.remoteId!));
    expect(again.options).toMatchObject({ httpStatus: 404, notFound: true });
  });

  it("links a group created before (a retry after a lost answer) by its API name and name", async () => {
    const { connector } = await setup();
    const first = await connector.createGroup({ id: "g1", displayName: "Ops", memberRemoteIds: [] });
    const err = await failure(connector.createGroup({ id: "g1", displayName: "Ops", memberRemoteIds: [] }));
    expect(err.options).toMatchObject({ conflict: true, retryable: false });
    expect(await connector.findGroupByName("PRIMARY/Ops")).toBe(first.remoteId);
  });

  it("sends members in collection requests of at most 200", async () => {
    const { fake, connector } = await setup();
    const group = await connector.createGroup({ id: "g1", displayName: "Everyone", memberRemoteIds: [] });
    // users already in the org
    const ids = Array.from({ length: 205 }, (_, i) => `0055g${String(i).padStart(10, "0")}ZZZ`);
    for (const id of ids) fake.users.set(id, { Id: id, Username: `${id}@example.com` });
    await connector.updateGroup(group.remoteId!, { displayName: "Everyone", addMemberRemoteIds: ids, removeMemberRemoteIds: [] });
    expect(fake.membersOf(group.remoteId!)).toHaveLength(205);
    const posts = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/composite/sobjects"));
    expect(posts.map((p) => p.json.records.length)).toStrictEqual([200, 5]);
  });

  it("reports members Salesforce refused, by id", async () => {
    const { connector } = await setup();
    const group = await connector.createGroup({ id: "g1", displayName: "Ops", memberRemoteIds: [] });
    const err = await failure(connector.updateGroup(group.remoteId!, { displayName: "Ops", addMemberRemoteIds: ["0055g0000000999AAA"], removeMemberRemoteIds: [] }));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(err.message).toContain("update group: Salesforce refused 1 of 1 members: 0055g0000000999AAA: INVALID_CROSS_REFERENCE_KEY: invalid cross reference id (fields: UserOrGroupId)");
  });
});

describe("sign-in and session", () => {
  it("signs in again once when the session expired", async () => {
    const { fake, connector } = await setup();
    const { remoteId } = await connector.createUser(kim);
    fake.expireSessions();
    const updated = await connector.updateUser(remoteId!, { ...kim, title: "Lead" });
    expect(updated.httpStatus).toBe(204);
    expect(fake.tokensIssued).toBe(2);
    expect(fake.requests.slice(-3).map((r) => `${r.method} ${r.path}`)).toStrictEqual([
      `PATCH /services/data/v59.0/sobjects/User/${remoteId}`,
      "POST /services/oauth2/token",
      `PATCH /services/data/v59.0/sobjects/User/${remoteId}`,
    ]);
    expect(updated.response).toMatch(/HTTP 401[\s\S]*INVALID_SESSION_ID[\s\S]*HTTP 200[\s\S]*HTTP 204/);
  });

  it("gives up after one new sign-in when Salesforce keeps refusing the session", async () => {
    const { fake, connector } = await setup();
    fake.intercept((req, res) => (req.path.startsWith("/services/data/") ? (sendJson(res, 401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]), true) : false), false);
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 401, retryable: false });
    expect(err.message).toMatch(/HTTP 401 INVALID_SESSION_ID: Session expired or invalid; Salesforce refused a session it had just issued/);
    expect(fake.tokensIssued).toBe(2);
    expect(apiRequests(fake)).toHaveLength(2);
  });

  it.each([
    ["a wrong password", { password: "other" }, {}, /sign-in at 127\.0\.0\.1:\d+ answered HTTP 400 invalid_grant: authentication failure; check the username, password and security token/],
    ["a wrong security token", { password: ORG.password + "OtherToken" }, {}, /invalid_grant: authentication failure; check the username, password and security token/],
    ["a wrong client secret", {}, { clientSecret: "wrong-secret" }, /invalid_client: invalid client credentials; check the client id and client secret/],
    ["a wrong client id", {}, { clientId: "unknown" }, /invalid_client_id: client identifier invalid; check the client id/],
  ])("does not retry a sign-in refused for %s, and sends no API request", async (_case, org, settings, message) => {
    const { fake, connector } = await setup(settings, org);
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 400, retryable: false });
    expect(err.options.notFound).toBeUndefined();
    expect(err.message).toMatch(message);
    expect(err.options.request).toContain("grant_type=password");
    expect(err.options.request).not.toContain(TOKEN);
    expect(err.options.request).not.toContain(ORG.clientSecret);
    expect(apiRequests(fake)).toHaveLength(0);
  });

  it("says to check the login URL when the token endpoint is not there", async () => {
    const { fake, connector } = await setup();
    fake.intercept((req, res) => (req.path === "/services/oauth2/token" ? (sendJson(res, 404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]), true) : false));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 404, retryable: false });
    expect(err.options.notFound).toBeUndefined();
    expect(err.message).toMatch(/check the login URL/);
  });

  it("does not follow a redirect, and says where it pointed", async () => {
    const { fake, connector } = await setup();
    fake.intercept((req, res) => {
      if (req.path !== "/services/oauth2/token") return false;
      res.writeHead(302, { location: "https://acme.my.salesforce.com/services/oauth2/token" });
      res.end();
      return true;
    });
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 302, retryable: false });
    expect(err.message).toContain("redirected to https://acme.my.salesforce.com/services/oauth2/token; check the login URL");
    expect(fake.requests).toHaveLength(1);
  });

  it("refuses a token answer without an instance URL as malformed", async () => {
    const { fake, connector } = await setup();
    fake.intercept((req, res) => (req.path === "/services/oauth2/token" ? (sendJson(res, 200, { access_token: "x" }), true) : false));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(err.message).toMatch(/returned a malformed answer \(HTTP 200\): no access_token and instance_url/);
  });
});

describe("failures the engine retries, and those it does not", () => {
  const answer =
    (status: number, body: string, contentType = "application/json") =>
    (req: { path: string }, res: import("node:http").ServerResponse) => {
      if (!req.path.startsWith("/services/data/")) return false;
      res.writeHead(status, { "content-type": contentType });
      res.end(body);
      return true;
    };

  it.each([
    [
      "REQUEST_LIMIT_EXCEEDED",
      403,
      JSON.stringify([{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }]),
      true,
      /REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\.; the org has used up its API requests for now/,
    ],
    ["a 500", 500, JSON.stringify([{ message: "An unexpected error occurred.", errorCode: "UNKNOWN_EXCEPTION" }]), true, /HTTP 500 UNKNOWN_EXCEPTION/],
    ["a 503 in HTML", 503, "<html><body>Service Unavailable</body></html>", true, /HTTP 503 Service Unavailable$/],
    ["a 429", 429, "", true, /HTTP 429 no details/],
    ["a record lock", 400, JSON.stringify([{ message: "unable to obtain exclusive access to this record", errorCode: "UNABLE_TO_LOCK_ROW" }]), true, /UNABLE_TO_LOCK_ROW/],
    ["missing permission", 403, JSON.stringify([{ message: "Insufficient Privileges", errorCode: "INSUFFICIENT_ACCESS" }]), false, /needs the Manage Users permission/],
  ])("%s", async (_case, status, body, retryable, message) => {
    const { fake, connector } = await setup();
    fake.intercept(answer(status, body));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: status, retryable });
    expect(err.message).toMatch(message);
    expect(err.options.response).toContain(`HTTP ${status}`);
  });

  it("makes no retries of its own (the engine decides)", async () => {
    const { fake, connector } = await setup();
    fake.intercept(answer(503, JSON.stringify([{ message: "down", errorCode: "SERVER_UNAVAILABLE" }])));
    const err = await failure(connector.findUserByUserName("kim@example.com"));
    expect(err.options).toMatchObject({ httpStatus: 503, retryable: true });
    expect(apiRequests(fake)).toHaveLength(1);
  });

  it.each([
    ["a body that is not JSON", 201, "<html>ok</html>", "text/html", /create user: Salesforce returned a malformed answer \(HTTP 201\): the body is not JSON$/],
    ["JSON without the id", 201, JSON.stringify({ success: true }), "application/json", /create user: Salesforce returned a malformed answer \(HTTP 201\): id: /],
  ])("a malformed answer: %s", async (_case, status, body, contentType, message) => {
    const { fake, connector } = await setup();
    fake.intercept(answer(status, body, contentType));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: status, retryable: false });
    expect(err.message).toMatch(message);
  });

  it("a query answer that is not a query result", async () => {
    const { fake, connector } = await setup();
    fake.intercept(answer(200, JSON.stringify({ nothing: true })));
    const err = await failure(connector.findUserByUserName("kim@example.com"));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(err.message).toMatch(/find user: Salesforce returned a malformed answer \(HTTP 200\)/);
  });

  it("an org that does not answer: retried, with no status, so the engine pauses the target", async () => {
    const { fake, connector } = await setup();
    await fake.stop();
    const err = await failure(connector.createUser(kim));
    expect(err.options.retryable).toBe(true);
    expect(err.options.httpStatus).toBeUndefined();
    expect(err.message).toMatch(/create user: sign-in failed: connection refused \(ECONNREFUSED\) connecting to 127\.0\.0\.1:\d+/);
  });

  it("an answer that does not come in time", async () => {
    const { fake, connector } = await setup({ timeoutMs: 300 });
    await connector.findUserByUserName("kim@example.com");
    fake.intercept((req) => req.path.startsWith("/services/data/"));
    const err = await failure(connector.findUserByUserName("kim@example.com"));
    expect(err.options.retryable).toBe(true);
    expect(err.options.httpStatus).toBeUndefined();
    expect(err.message).toMatch(/find user failed: no response from 127\.0\.0\.1:\d+ within 300 ms/);
  });
});
