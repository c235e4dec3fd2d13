import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { closedPort } from "../../../../test/support/fake-scim-server.ts";
import {
  GOOGLE_TOKEN_AUDIENCE,
  GROUP_SCOPE,
  USER_SCOPE,
  googleError,
  startFakeGoogleDirectory,
  type FakeGoogleDirectory,
  type ServiceAccount,
} from "../../../../test/support/fake-google-directory.ts";
import { googleConfigSchema } from "./config.ts";
import { createGoogleConnector } from "./index.ts";

const ADMIN = "admin@example.com";
const DEFAULT_PASSWORD = "Default-Pa55word-7f";

let google: FakeGoogleDirectory;
let account: ServiceAccount;

beforeAll(async () => {
  google = await startFakeGoogleDirectory({ domain: "example.com", admins: [ADMIN] });
  account = google.serviceAccount();
});
afterAll(() => google.close());
beforeEach(() => {
  google.users.clear();
  google.groups.clear();
  google.clearIntercepts();
  google.requests.length = 0;
});

function connector(extra: Record<string, unknown> = {}, key: ServiceAccount = account) {
  return createGoogleConnector(googleConfigSchema.parse({ serviceAccountKey: key.keyFile, adminEmail: ADMIN, domain: "example.com", rootUrl: google.rootUrl, ...extra }));
}

const kim: ProvisionedUser = {
  id: "local-1",
  userName: "MYSQL/kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: "kim.lee@example.com", primary: true }],
  phoneNumbers: [],
};
const user = (userName: string, extra: Partial<ProvisionedUser> = {}): ProvisionedUser => ({ ...kim, id: `local-${userName}`, userName, emails: [], ...extra });

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

const apiRequests = () => google.requests.filter((r) => r.path.startsWith("/admin/"));
const tokenRequests = () => google.requests.filter((r) => r.path === "/token");

describe("Google Workspace users", () => {
  it("signs in as the service account for the administrator, then inserts, updates, suspends and deletes", async () => {
    const c = connector();
    const created = await c.createUser({ ...kim, password: "Kims-Pa55word" });
    const atGoogle = google.users.get(created.remoteId!)!;
    expect(atGoogle).toMatchObject({ primaryEmail: "kim@example.com", name: { givenName: "Kim", familyName: "Lee" }, suspended: false, password: "Kims-Pa55word" });
    expect(created).toMatchObject({ httpStatus: 200 });
    expect(created.request).toMatch(new RegExp(`^POST ${google.rootUrl}/admin/directory/v1/users\\n`));
    expect(created.request).toContain('"password":"[redacted]"');
    expect(created.request).not.toContain("Kims-Pa55word");
    // the account names the local user it was made for
    expect(apiRequests()[0]!.json.externalIds).toStrictEqual([{ type: "custom", customType: "provisio", value: "local-1" }]);

    // the token came from the key's token_uri, for the administrator, with both directory scopes
    const [grant] = [...google.tokens.values()];
    expect(grant).toStrictEqual({ clientEmail: account.clientEmail, sub: ADMIN, scopes: [USER_SCOPE, GROUP_SCOPE] });
    expect(tokenRequests()).toHaveLength(1);

    await c.updateUser(created.remoteId!, { ...kim, active: false, name: { givenName: "Kimberly", familyName: "Lee" } });
    const put = apiRequests().at(-1)!;
    expect(put).toMatchObject({ method: "PUT", path: `/admin/directory/v1/users/${created.remoteId}` });
    expect(put.json).toStrictEqual({ primaryEmail: "kim@example.com", name: { givenName: "Kimberly", familyName: "Lee" }, suspended: true });
    // no password in the update: Google keeps the one it has
    expect(google.users.get(created.remoteId!)).toMatchObject({ suspended: true, name: { givenName: "Kimberly" }, password: "Kims-Pa55word" });
    expect(google.users.get(created.remoteId!)?.externalIds).toHaveLength(1);

    await c.updateUser(created.remoteId!, kim);
    expect(google.users.get(created.remoteId!)?.suspended).toBe(false);

    expect(await c.deleteUser(created.remoteId!)).toMatchObject({ remoteId: created.remoteId, httpStatus: 204 });
    expect(google.users.size).toBe(0);
    expect(tokenRequests()).toHaveLength(1);
  });

  it("gives a user without a password a random one, and uses a provisioned password on update", async () => {
    const c = connector();
    const first = await c.createUser(user("ann"));
    const second = await c.createUser(user("bob"));
    const [a, b] = [google.users.get(first.remoteId!)!, google.users.get(second.remoteId!)!];
    expect(a.password.length).toBeGreaterThanOrEqual(32);
    expect(a.password).not.toBe(b.password);
    expect(first.request).not.toContain(a.password);

    await c.updateUser(first.remoteId!, user("ann", { password: "New-Pa55word-ann" }));
    expect(apiRequests().at(-1)!.json.password).toBe("New-Pa55word-ann");
    expect(google.users.get(first.remoteId!)?.password).toBe("New-Pa55word-ann");
  });

  it("masks the default password and the private key wherever Google echoes them", async () => {
    const c = connector({ defaultPassword: DEFAULT_PASSWORD });
    google.intercept((req, res) => {
      if (req.path !== "/admin/directory/v1/users") return false;
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify(googleError(400, `Invalid Password: ${DEFAULT_PASSWORD} is weak; key ${JSON.parse(account.keyFile).private_key}`, "invalid")));
      return true;
    });
    const err = await failure(c.createUser(user("weak", { password: DEFAULT_PASSWORD })));
    for (const text of [err.message, err.options.request ?? "", err.options.response ?? ""]) {
      expect(text).not.toContain(DEFAULT_PASSWORD);
      expect(text).not.toContain("BEGIN PRIVATE KEY");
    }
    expect(err.message).toContain("Invalid Password: [redacted] is weak");
  });

  it("reports 409 as a conflict and finds the user by the address the create used", async () => {
    const c = connector();
    const first = await c.createUser(kim);
    const err = await failure(c.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 409, conflict: true, retryable: false });
    expect(err.message).toMatch(/create user: Google \(127\.0\.0\.1:\d+\) answered HTTP 409 Conflict \(Entity already exists\., duplicate\)/);
    expect(await c.findUserByUserName(kim.userName)).toBe(first.remoteId);
    expect(await c.findUserByUserName("nobody")).toBeUndefined();
  });

  it("never links an account Provisio made for another local user with the same address", async () => {
    const c = connector();
    const first = await c.createUser(kim);
    // PRIMARY/kim and MYSQL/kim both give kim@example.com
    await failure(c.createUser({ ...kim, id: "local-2", userName: "kim" }));
    expect(await c.findUserByUserName("kim")).toBeUndefined();
    // the same local user again (a retry after a lost answer) is linked
    await failure(c.createUser(kim));
    expect(await c.findUserByUserName(kim.userName)).toBe(first.remoteId);
    // as is an account made at Google by other means
    const made = google.addUser({ primaryEmail: "ann@example.com", givenName: "Ann", familyName: "Other" });
    await failure(c.createUser(user("ann")));
    expect(await c.findUserByUserName("ann")).toBe(made.id);
  });

  it("with the email source, links after a 409 by the user's email, never through an alias of someone else", async () => {
    const c = connector({ primaryEmailSource: "email" });
    const created = await c.createUser(kim);
    expect(google.users.get(created.remoteId!)?.primaryEmail).toBe("kim.lee@example.com");
    // a user name alone does not say the address: nothing to look up before a conflict
    expect(await c.findUserByUserName(kim.userName)).toBeUndefined();
    await failure(c.createUser(kim));
    expect(await c.findUserByUserName(kim.userName)).toBe(created.remoteId);

    // renamed at Google: the old address is an alias now, and belongs to the renamed user
    google.users.get(created.remoteId!)!.aliases.push("old.kim@example.com");
    await failure(c.createUser({ ...user("other"), emails: [{ value: "old.kim@example.com" }] }));
    expect(await c.findUserByUserName("other")).toBeUndefined();
  });

  it("refuses a user without an email when the primary email comes from it, without calling Google", async () => {
    const err = await failure(connector({ primaryEmailSource: "email" }).createUser(user("no.mail")));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toMatch(/user "no.mail" has no email address/);
    expect(google.requests).toHaveLength(0);
  });

  it("reports a user deleted at Google as not found, for the engine to re-create or call done", async () => {
    const c = connector();
    const created = await c.createUser(kim);
    google.users.clear();
    expect((await failure(c.updateUser(created.remoteId!, kim))).options).toMatchObject({ notFound: true, httpStatus: 404, retryable: false });
    expect((await failure(c.deleteUser(created.remoteId!))).options).toMatchObject({ notFound: true, httpStatus: 404 });
  });
});

describe("Google Workspace groups", () => {
  it("inserts with members, renames, adds and removes members one by one, and deletes", async () => {
    const c = connector();
    const ann = (await c.createUser(user("ann"))).remoteId!;
    const bob = (await c.createUser(user("bob"))).remoteId!;
    const created = await c.createGroup({ id: "g1", displayName: "SALES/Team Leads", memberRemoteIds: [ann] });
    const group = google.groups.get(created.remoteId!)!;
    expect(group).toMatchObject({ email: "team-leads@example.com", name: "Team Leads" });
    expect([...group.members]).toStrictEqual([ann]);
    expect(created.response).toContain("member ann@example.com added");
    // the member went in by email, as Google's documentation asks
    expect(apiRequests().find((r) => r.path.endsWith("/members"))?.json).toStrictEqual({ email: "ann@example.com", role: "MEMBER" });

    const updated = await c.updateGroup(created.remoteId!, { displayName: "SALES/Leads", addMemberRemoteIds: [bob, ann], removeMemberRemoteIds: [ann, "1999"] });
    expect(group).toMatchObject({ email: "team-leads@example.com", name: "Leads" });
    expect([...group.members]).toStrictEqual([bob]);
    expect(updated.response).toContain("member bob@example.com added");
    expect(updated.response).toContain("member ann@example.com was a member already");
    expect(updated.response).toContain(`member ${ann} removed`);
    expect(updated.response).toContain("member 1999 was not a member");
    expect(apiRequests().find((r) => r.method === "PATCH")?.json).toStrictEqual({ name: "Leads" });

    expect(await c.findGroupByName("SALES/Team Leads")).toBe(created.remoteId);
    // renamed: its address no longer follows the name, and the search by name finds it
    expect(await c.findGroupByName("Leads")).toBe(created.remoteId);
    expect(await c.findGroupByName("Nobody's group")).toBeUndefined();
    expect(apiRequests().at(-1)?.query.get("query")).toBe("name='Nobody\\'s group'");

    expect(await c.deleteGroup(created.remoteId!)).toMatchObject({ httpStatus: 204 });
    expect(google.groups.size).toBe(0);
  });

  it("notes a member gone from Google instead of failing the group", async () => {
    const c = connector();
    const created = await c.createGroup({ id: "g2", displayName: "Ops", memberRemoteIds: ["1234567890"] });
    expect(created.response).toContain("member 1234567890 not added: no such user at Google");
    expect(google.groups.get(created.remoteId!)?.members.size).toBe(0);
  });

  it("reports a taken address as a conflict and a renamed-away group as not found", async () => {
    const c = connector();
    const created = await c.createGroup({ id: "g3", displayName: "Ops", memberRemoteIds: [] });
    expect((await failure(c.createGroup({ id: "g4", displayName: "OPS", memberRemoteIds: [] }))).options).toMatchObject({ conflict: true, httpStatus: 409 });
    google.groups.clear();
    expect((await failure(c.updateGroup(created.remoteId!, { displayName: "Ops", addMemberRemoteIds: [], removeMemberRemoteIds: [] }))).options).toMatchObject({ notFound: true });
  });
});

describe("Google Workspace sign-in", () => {
  it("asks for one token for many calls at once, and a new one when the API refuses it", async () => {
    const c = connector();
    await Promise.all(["a1", "a2", "a3", "a4"].map((n) => c.createUser(user(n))));
    expect(tokenRequests()).toHaveLength(1);
    google.tokens.clear();
    await c.createUser(user("after.revoke"));
    expect(tokenRequests()).toHaveLength(2);
    expect(google.userByEmail("after.revoke@example.com")).toBeDefined();
  });

  it("sends the assertion to the key's token_uri with Google's token URL as its audience", async () => {
    const c = connector();
    await c.createUser(user("aud.check"));
    const assertion = new URLSearchParams(tokenRequests()[0]!.body).get("assertion")!;
    const claims = JSON.parse(Buffer.from(assertion.split(".")[1]!, "base64url").toString());
    expect(claims).toMatchObject({ iss: account.clientEmail, sub: ADMIN, aud: GOOGLE_TOKEN_AUDIENCE, scope: `${USER_SCOPE} ${GROUP_SCOPE}` });
    expect(claims.exp - claims.iat).toBe(3600);
  });

  const tokenRefusals: [string, () => { key?: ServiceAccount; extra?: Record<string, unknown> }, number, RegExp][] = [
    [
      "no domain-wide delegation",
      () => ({ key: google.serviceAccount({ delegatedScopes: [] }) }),
      401,
      /unauthorized_client.*domain-wide delegation is missing or lacks a scope: .*must list client ID \d+ with the scopes/,
    ],
    ["delegation without the group scope", () => ({ key: google.serviceAccount({ delegatedScopes: [USER_SCOPE] }) }), 401, /unauthorized_client.*Domain-wide delegation/],
    [
      "an administrator who does not exist",
      () => ({ extra: { adminEmail: "nobody@example.com" } }),
      400,
      /invalid_grant: Invalid email or User ID.*check the administrator's email \(nobody@example\.com\)/,
    ],
    [
      "a key that is not the account's",
      () => {
        const other = google.serviceAccount();
        const forged = { ...JSON.parse(other.keyFile), client_email: account.clientEmail };
        return { key: { ...other, keyFile: JSON.stringify(forged) } };
      },
      400,
      /Invalid JWT Signature.*create a new JSON key/,
    ],
  ];

  it.each(tokenRefusals)("does not retry a token refusal: %s", async (_case, setup, status, message) => {
    const { key, extra } = setup();
    const err = await failure(connector(extra, key).createUser(user("refused")));
    expect(err.options).toMatchObject({ httpStatus: status, retryable: false });
    expect(err.options.notFound).toBeUndefined();
    expect(err.options.conflict).toBeUndefined();
    expect(err.message).toMatch(/^create user: Google's token endpoint \(127\.0\.0\.1:\d+\) answered HTTP/);
    expect(err.message).toMatch(new RegExp(message.source, "i"));
    expect(err.options.request).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/token \(token request for /);
    expect(err.options.request).not.toContain("assertion");
    expect(apiRequests()).toHaveLength(0);
  });

  it("says what to check when the administrator lacks the rights", async () => {
    google.admins.add("helpdesk@example.com");
    const c = connector({ adminEmail: "helpdesk@example.com" });
    await c.createUser(user("helpdesk"));
    google.admins.delete("helpdesk@example.com");
    const err = await failure(connector({ adminEmail: "helpdesk@example.com" }).createUser(user("denied")));
    expect(err.options).toMatchObject({ httpStatus: 403, retryable: false });
    expect(err.message).toMatch(/Not Authorized to access this resource\/api.*Google denied helpdesk@example\.com this request: check that it is a super administrator of example\.com/);
  });

  it("retries when the token endpoint is down or failing", async () => {
    const down = google.serviceAccount({ tokenUri: `http://127.0.0.1:${await closedPort()}/token` });
    const refused = await failure(connector({}, down).createUser(user("t1")));
    expect(refused.options).toMatchObject({ retryable: true });
    expect(refused.options.httpStatus).toBeUndefined();
    expect(refused.message).toMatch(/create user: token request failed: connection refused \(ECONNREFUSED\) connecting to 127\.0\.0\.1:\d+/);

    google.intercept((req, res) => {
      if (req.path !== "/token") return false;
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "temporarily_unavailable", error_description: "try later" }));
      return true;
    });
    const failing = await failure(connector().createUser(user("t2")));
    expect(failing.options).toMatchObject({ httpStatus: 503, retryable: true });
    expect(tokenRequests()).toHaveLength(1);
  });

  it("does not retry a token endpoint answer without a token", async () => {
    google.intercept((req, res) => {
      if (req.path !== "/token") return false;
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>captive portal</html>");
      return true;
    });
    const err = await failure(connector().createUser(user("t3")));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(err.message).toMatch(/^create user: Google's token endpoint \(127\.0\.0\.1:\d+\) answered HTTP 200 without an access token/);
    expect(err.options.response).toContain("captive portal");
    expect(apiRequests()).toHaveLength(0);
  });
});

describe("Google Workspace failures", () => {
  const answers: [string, number, unknown, Record<string, unknown>, RegExp][] = [
    ["a refused field", 400, googleError(400, "Invalid Given/Family Name: FamilyName", "invalid"), { retryable: false }, /HTTP 400 Bad Request \(Invalid Given\/Family Name: FamilyName, invalid\)$/],
    ["a permission problem", 403, googleError(403, "Not Authorized to access this resource/api", "forbidden"), { retryable: false }, /super administrator/],
    ["a rate limit answered with 403", 403, googleError(403, "Quota exceeded for quota metric", "userRateLimitExceeded"), { retryable: true }, /userRateLimitExceeded/],
    ["a licence limit", 412, googleError(412, "Domain user limit reached", "conditionNotMet"), { retryable: false }, /Domain user limit reached/],
    ["too many requests", 429, googleError(429, "Rate Limit Exceeded", "rateLimitExceeded"), { retryable: true }, /HTTP 429 Too Many Requests.*retry after 7$/],
    ["a server error", 500, googleError(500, "Backend Error", "backendError"), { retryable: true }, /HTTP 500/],
    ["an outage", 503, googleError(503, "The service is currently unavailable.", "backendError"), { retryable: true }, /HTTP 503/],
    ["a gateway's page", 502, "<html>Bad Gateway</html>", { retryable: true }, /HTTP 502 Bad Gateway, retry after 7$/],
  ];

  it.each(answers)("classifies %s (HTTP %i)", async (_case, status, body, options, message) => {
    google.intercept((req, res) => {
      if (req.path !== "/admin/directory/v1/users") return false;
      res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json", "retry-after": "7" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
      return true;
    });
    const err = await failure(connector().createUser(user("x")));
    expect(err.options).toMatchObject({ httpStatus: status, ...options });
    expect(err.message).toMatch(message);
    expect(err.options.request).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/admin\/directory\/v1\/users\n\{"primaryEmail":"x@example.com"/);
    expect(err.options.response).toMatch(new RegExp(`^HTTP ${status}`));
    // Google's client did not retry by itself: the engine does, and logs each try
    expect(apiRequests()).toHaveLength(1);
  });

  it.each([
    ["a body that is not JSON", "<html>not Google</html>", /the body is not JSON/],
    ["a user without an id", JSON.stringify({ kind: "admin#directory#user", primaryEmail: "x@example.com" }), /id: /],
  ])("does not retry a success with %s", async (_case, body, message) => {
    google.intercept((req, res) => {
      if (req.path !== "/admin/directory/v1/users") return false;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(body);
      return true;
    });
    const err = await failure(connector().createUser(user("x")));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(err.message).toMatch(/^create user: Google returned an unexpected response \(HTTP 200\): /);
    expect(err.message).toMatch(message);
  });

  it("retries when Google does not answer in time or at all", async () => {
    const c = connector({ timeoutMs: 300 });
    await c.createUser(user("warm"));
    google.intercept((req) => req.path.startsWith("/admin/"));
    const slow = await failure(c.createUser(user("slow")));
    expect(slow.options).toMatchObject({ retryable: true });
    expect(slow.options.httpStatus).toBeUndefined();
    expect(slow.message).toMatch(/create user failed: no response from 127\.0\.0\.1:\d+ within 300 ms/);

    const nowhere = await failure(connector({ rootUrl: `http://127.0.0.1:${await closedPort()}` }).createUser(user("nowhere")));
    expect(nowhere.options).toMatchObject({ retryable: true });
    expect(nowhere.message).toMatch(/create user failed: connection refused \(ECONNREFUSED\)/);
    expect(nowhere.options.request).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/admin\/directory\/v1\/users\n/);
  });
});
