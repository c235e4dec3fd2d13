import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { closedPort, startFakeScimServer, type FakeScimServer } from "../../../../test/support/fake-scim-server.ts";
import { scim2ConfigSchema, type Scim2Config } from "./config.ts";
import { createScim2Connector } from "./index.ts";
import { SCIM2_PATCH_SCHEMA, SCIM2_USER_SCHEMA } from "./mapping.ts";

const BASIC = { username: "provisioner", password: "Basic-Pa55word" };
const CLIENT = { clientId: "provisio client", clientSecret: "Client-S3cret-value" };

let server: FakeScimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function basicSetup(extra: Partial<Record<string, unknown>> = {}) {
  server = await startFakeScimServer({ version: "2.0", basic: BASIC });
  const config = scim2ConfigSchema.parse({ userEndpoint: server.userEndpoint, groupEndpoint: server.groupEndpoint, authType: "basic", ...BASIC, ...extra });
  return { server, config, connector: createScim2Connector(config) };
}

const kim: ProvisionedUser = {
  id: "local-1",
  userName: "MYSQL/kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: "kim@example.com", primary: true }],
  phoneNumbers: [],
  enterprise: { employeeNumber: "42" },
};

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe("SCIM 2.0 users", () => {
  it("creates, finds, updates (read, merge and PUT where PATCH is refused) and deletes over the wire", async () => {
    const { server, connector } = await basicSetup();
    const created = await connector.createUser(kim);
    expect(created.remoteId).toBeTruthy();
    expect(created.httpStatus).toBe(201);
    expect(created.request).toMatch(new RegExp(`^POST ${server.userEndpoint}\\n`));
    expect(created.response).toMatch(/^HTTP 201/);

    const post = server.requests.at(-1)!;
    expect(post.headers["content-type"]).toBe("application/scim+json");
    expect(post.json).toMatchObject({ schemas: expect.arrayContaining([SCIM2_USER_SCHEMA]), userName: "kim", active: true });

    expect(await connector.findUserByUserName("MYSQL/kim")).toBe(created.remoteId);
    expect(await connector.findUserByUserName("nobody")).toBeUndefined();

    expect(created.sentState).toMatchObject({ userName: "kim", emails: [{ value: "kim@example.com", primary: true }] });
    const updated = await connector.updateUser(created.remoteId!, { ...kim, active: false, emails: [] }, created.sentState);
    expect(updated).toMatchObject({ remoteId: created.remoteId, httpStatus: 200 });
    const [patch, read, put] = server.requests.slice(-3);
    expect([patch!.method, read!.method, put!.method]).toEqual(["PATCH", "GET", "PUT"]);
    expect(patch!.json).toStrictEqual({
      schemas: [SCIM2_PATCH_SCHEMA],
      Operations: [
        { op: "replace", path: "active", value: false },
        { op: "remove", path: "emails" },
      ],
    });
    expect(put!.path).toBe(`/scim2/Users/${created.remoteId}`);
    expect(put!.json).toMatchObject({ userName: "kim", active: false, name: { givenName: "Kim", familyName: "Lee" } });
    expect(put!.json).not.toHaveProperty("password");
    expect(put!.json).not.toHaveProperty("emails");
    expect(server.users.get(created.remoteId!)).toMatchObject({ userName: "kim", active: false, name: { givenName: "Kim", familyName: "Lee" } });
    expect(server.users.get(created.remoteId!)).not.toHaveProperty("emails");

    const deleted = await connector.deleteUser(created.remoteId!);
    expect(deleted).toMatchObject({ remoteId: created.remoteId, httpStatus: 204 });
    expect(server.users.size).toBe(0);
  });

  it("reports 409 as a conflict the engine can link through findUserByUserName", async () => {
    const { connector } = await basicSetup();
    const first = await connector.createUser(kim);
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 409, conflict: true, retryable: false });
    expect(err.message).toContain("User kim already exists");
    expect(err.options.response).toContain("uniqueness");
    expect(await connector.findUserByUserName(kim.userName)).toBe(first.remoteId);
  });

  it("reports 404 as notFound on update and delete", async () => {
    const { connector } = await basicSetup();
    const update = await failure(connector.updateUser("missing", kim));
    expect(update.options).toMatchObject({ httpStatus: 404, notFound: true, retryable: false });
    const del = await failure(connector.deleteUser("missing"));
    expect(del.options).toMatchObject({ notFound: true });
  });

  it("does not read a 404 to a search as a missing user", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((req, res) => (req.method === "GET" ? (res.writeHead(404).end(), true) : false));
    const err = await failure(connector.findUserByUserName("kim"));
    expect(err.options.notFound).toBe(false);
  });

  it("accepts any body on a successful DELETE", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => (res.writeHead(200, { "content-type": "text/plain" }).end("Deleted"), true));
    expect(await connector.deleteUser("r1")).toMatchObject({ remoteId: "r1", httpStatus: 200 });
  });

  it("percent-encodes remote ids in the path", async () => {
    const { server, connector } = await basicSetup();
    await failure(connector.deleteUser("a/b c"));
    expect(server.requests.at(-1)!.path).toBe("/scim2/Users/a%2Fb%20c");
  });

  it.each([503, 500, 429, 408])("treats %i as retryable", async (status) => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => {
      res.writeHead(status, { "retry-after": "30", "content-type": "text/html" }).end("<html>busy</html>");
      return true;
    });
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: status, retryable: true });
    expect(err.message).toContain(`HTTP ${status}`);
    expect(err.message).toContain("retry after 30");
  });

  it("dead-letters other 4xx answers with the SCIM detail in the message", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => {
      res.writeHead(400, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail: "emails[0].value is not an email address" }));
      return true;
    });
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 400, retryable: false });
    expect(err.message).toContain("emails[0].value is not an email address (invalidValue)");
  });

  it("sends a 250-character PRIMARY name without the PRIMARY/ prefix, and names the attribute a target refuses", async () => {
    // a target with WSO2's and Provisio's 255-character limit on userName
    const { server, connector } = await basicSetup({ userStoreDomain: "PRIMARY" });
    server.intercept((req, res) => {
      if (req.method !== "POST" || String(req.json?.userName).length <= 255) return false;
      res.writeHead(400, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail: '"userName" must be at most 255 characters' }));
      return true;
    }, false);
    const long = "u".repeat(250);
    const created = await connector.createUser({ ...kim, userName: long });
    expect(server.users.get(created.remoteId!)?.userName).toBe(long);
    expect(await connector.findUserByUserName(long)).toBe(created.remoteId);

    const err = await failure(connector.createUser({ ...kim, userName: "v".repeat(256) }));
    expect(err.options).toMatchObject({ httpStatus: 400, retryable: false });
    expect(err.message).toContain('HTTP 400 Bad Request; target refused userName: "userName" must be at most 255 characters (invalidValue)');
  });

  it("names a nested attribute the target refuses, and none when the detail names nothing that was sent", async () => {
    const { server, connector } = await basicSetup();
    const refuse = (detail: string) =>
      server.intercept((_req, res) => {
        res.writeHead(400, { "content-type": "application/scim+json" });
        res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", detail }));
        return true;
      });
    refuse("Attribute name.givenName is too long");
    expect((await failure(connector.createUser(kim))).message).toContain("target refused name.givenName: Attribute name.givenName is too long");
    refuse("employeeNumber must be numeric");
    expect((await failure(connector.createUser(kim))).message).toContain("target refused employeeNumber: employeeNumber must be numeric");
    refuse("quota exceeded for this tenant");
    expect((await failure(connector.createUser(kim))).message).toContain("target refused: quota exceeded for this tenant");
  });

  it("maps group names like user names: no PRIMARY/ prefix, the configured domain otherwise", async () => {
    const { server, connector } = await basicSetup({ userStoreDomain: "PRIMARY" });
    const created = await connector.createGroup({ id: "g1", displayName: "PRIMARY/admins", memberRemoteIds: [] });
    expect(server.groups.get(created.remoteId!)?.displayName).toBe("admins");
    expect(await connector.findGroupByName("PRIMARY/admins")).toBe(created.remoteId);
    await connector.updateGroup(created.remoteId!, { displayName: "SALES/ops", addMemberRemoteIds: [], removeMemberRemoteIds: [] });
    expect(server.groups.get(created.remoteId!)?.displayName).toBe("ops");
  });

  it("names wrong credentials", async () => {
    server = await startFakeScimServer({ version: "2.0", basic: BASIC });
    const connector = createScim2Connector(
      scim2ConfigSchema.parse({ userEndpoint: server.userEndpoint, groupEndpoint: server.groupEndpoint, authType: "basic", username: "provisioner", password: "wrong-password" }),
    );
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 401, retryable: false });
    expect(err.message).toContain("refused the credentials");
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a 2xx answer that is not JSON", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => (res.writeHead(201, { "content-type": "application/scim+json" }).end('{"id": "x", '), true));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 201, retryable: false });
    expect(err.message).toContain("remote returned malformed JSON");
    expect(err.options.response).toContain('{"id": "x", ');
  });

  it.each([
    ["create without an id", "POST", { userName: "kim" }, "id"],
    ["create with a numeric id", "POST", { id: 7 }, "id"],
    ["a list without Resources", "GET", { totalResults: 1 }, "Resources"],
    ["a list entry without an id", "GET", { totalResults: 1, Resources: [{ userName: "kim" }] }, "Resources.0.id"],
  ])("refuses %s", async (_name, method, body, path) => {
    const { server, connector } = await basicSetup();
    server.intercept((req, res) => (req.method === method ? (res.writeHead(method === "POST" ? 201 : 200).end(JSON.stringify(body)), true) : false));
    const err = await failure(method === "POST" ? connector.createUser(kim) : connector.findUserByUserName("kim"));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toContain("remote returned an unexpected response");
    expect(err.message).toContain(path);
  });

  it("accepts a list without Resources when nothing matched", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => (res.writeHead(200).end(JSON.stringify({ totalResults: 0 })), true));
    expect(await connector.findUserByUserName("kim")).toBeUndefined();
  });

  it("does not link a user of another name when the remote ignores the filter", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => (res.writeHead(200).end(JSON.stringify({ totalResults: 1, Resources: [{ id: "other", userName: "alex" }] })), true));
    expect(await connector.findUserByUserName("kim")).toBeUndefined();
  });

  it('escapes " and \\ in filter values', async () => {
    const { server, connector } = await basicSetup({ stripLocalDomain: false });
    const odd = { ...kim, userName: 'we"ird\\name' };
    const created = await connector.createUser(odd);
    expect(await connector.findUserByUserName(odd.userName)).toBe(created.remoteId);
    const search = server.requests.at(-1)!;
    expect(search.query.get("filter")).toBe('userName eq "we\\"ird\\\\name"');
  });

  it("maps the user store domain in lookups as in writes", async () => {
    const { server, connector } = await basicSetup({ userStoreDomain: "EXT" });
    const created = await connector.createUser(kim);
    expect(server.requests.at(-1)!.json.userName).toBe("EXT/kim");
    expect(await connector.findUserByUserName("MYSQL/kim")).toBe(created.remoteId);
    expect(server.requests.at(-1)!.query.get("filter")).toBe('userName eq "EXT/kim"');
  });
});

describe("SCIM 2.0 groups", () => {
  it("creates with members, patches the delta, finds and deletes", async () => {
    const { server, connector } = await basicSetup();
    const a = (await connector.createUser({ ...kim, userName: "a" })).remoteId!;
    const b = (await connector.createUser({ ...kim, userName: "b" })).remoteId!;
    const c = (await connector.createUser({ ...kim, userName: "c" })).remoteId!;

    const group = await connector.createGroup({ id: "g1", displayName: "admins", memberRemoteIds: [a, b] });
    expect(server.requests.at(-1)!.json).toMatchObject({ displayName: "admins", members: [{ value: a }, { value: b }] });

    await connector.updateGroup(group.remoteId!, { displayName: "operators", addMemberRemoteIds: [c], removeMemberRemoteIds: [a] });
    const patch = server.requests.at(-1)!;
    expect(patch.method).toBe("PATCH");
    expect(patch.json).toStrictEqual({
      schemas: [SCIM2_PATCH_SCHEMA],
      Operations: [
        { op: "replace", path: "displayName", value: "operators" },
        { op: "add", path: "members", value: [{ value: c }] },
        { op: "remove", path: `members[value eq "${a}"]` },
      ],
    });
    expect(server.groups.get(group.remoteId!)).toMatchObject({ displayName: "operators", members: [{ value: b }, { value: c }] });

    expect(await connector.findGroupByName("operators")).toBe(group.remoteId);
    expect(server.requests.at(-1)!.query.get("filter")).toBe('displayName eq "operators"');
    expect(await connector.findGroupByName("admins")).toBeUndefined();

    await connector.deleteGroup(group.remoteId!);
    expect(server.groups.size).toBe(0);
    const gone = await failure(connector.updateGroup(group.remoteId!, { displayName: "x", addMemberRemoteIds: [], removeMemberRemoteIds: [] }));
    expect(gone.options.notFound).toBe(true);
  });

  it("reports a duplicate group as a conflict", async () => {
    const { connector } = await basicSetup();
    await connector.createGroup({ id: "g1", displayName: "admins", memberRemoteIds: [] });
    const err = await failure(connector.createGroup({ id: "g2", displayName: "admins", memberRemoteIds: [] }));
    expect(err.options.conflict).toBe(true);
  });
});

describe("transport failures", () => {
  it("retries later when the connection is refused, naming cause and host", async () => {
    const port = await closedPort();
    const connector = createScim2Connector(
      scim2ConfigSchema.parse({ userEndpoint: `http://127.0.0.1:${port}/scim2/Users`, groupEndpoint: `http://127.0.0.1:${port}/scim2/Groups`, authType: "basic", ...BASIC }),
    );
    const err = await failure(connector.createUser(kim));
    expect(err.options.retryable).toBe(true);
    expect(err.options.httpStatus).toBeUndefined();
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).toContain(`127.0.0.1:${port}`);
    expect(err.options.request).toMatch(/^POST http:\/\/127\.0\.0\.1/);
  });

  it("gives up on a remote that never answers after timeoutMs, as retryable", async () => {
    const { server, connector } = await basicSetup({ timeoutMs: 200 });
    server.intercept(() => true, false);
    const started = Date.now();
    const err = await failure(connector.createUser(kim));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.options.retryable).toBe(true);
    expect(err.message).toContain("within 200 ms");
    expect(err.message).toContain(new URL(server.origin).host);
  });

  it("reports a TLS failure as retryable, naming the host", async () => {
    server = await startFakeScimServer({ version: "2.0", basic: BASIC });
    const tls = server.origin.replace("http:", "https:");
    const connector = createScim2Connector(scim2ConfigSchema.parse({ userEndpoint: `${tls}/scim2/Users`, groupEndpoint: `${tls}/scim2/Groups`, authType: "basic", ...BASIC }));
    const err = await failure(connector.deleteUser("x"));
    expect(err.options.retryable).toBe(true);
    expect(err.message).toContain(`TLS error talking to ${new URL(tls).host}`);
  });

  it("reports a host name that does not resolve as retryable", async () => {
    const connector = createScim2Connector(
      scim2ConfigSchema.parse({ userEndpoint: "http://no-such-host.invalid/scim2/Users", groupEndpoint: "http://no-such-host.invalid/scim2/Groups", authType: "basic", ...BASIC }),
    );
    const err = await failure(connector.deleteUser("x"));
    expect(err.options.retryable).toBe(true);
    expect(err.message).toMatch(/no-such-host\.invalid/);
    expect(err.message).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});

describe("bearer authentication", () => {
  async function bearerSetup(expiresIn?: number, now?: () => number) {
    server = await startFakeScimServer({ version: "2.0", client: { ...CLIENT, ...(expiresIn ? { expiresIn } : {}) } });
    const config: Scim2Config = scim2ConfigSchema.parse({
      userEndpoint: server.userEndpoint,
      groupEndpoint: server.groupEndpoint,
      authType: "bearer",
      tokenEndpoint: server.tokenEndpoint,
      ...CLIENT,
      scope: "internal_user_mgt_create internal_user_mgt_list",
    });
    return { server, connector: createScim2Connector(config, now ? { now } : {}) };
  }

  const tokenRequests = (s: FakeScimServer) => s.requests.filter((r) => r.path === "/token");

  it("fetches a client credentials token once and reuses it", async () => {
    const { server, connector } = await bearerSetup(3600);
    const created = await connector.createUser(kim);
    await connector.findUserByUserName("kim");
    await connector.deleteUser(created.remoteId!);
    const tokens = tokenRequests(server);
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    // RFC 6749 section 2.3.1 form-encodes the client id and secret inside the Basic credentials
    expect(Buffer.from(tokens[0]!.headers.authorization!.slice(6), "base64").toString()).toBe("provisio+client:Client-S3cret-value");
    expect(Object.fromEntries(new URLSearchParams(tokens[0]!.body))).toStrictEqual({ grant_type: "client_credentials", scope: "internal_user_mgt_create internal_user_mgt_list" });
    const resourceCalls = server.requests.filter((r) => r.path !== "/token");
    expect(resourceCalls.map((r) => r.headers.authorization)).toStrictEqual(Array(3).fill(`Bearer ${server.issuedTokens[0]}`));
  });

  it("shares one token fetch between concurrent calls", async () => {
    const { server, connector } = await bearerSetup(3600);
    await Promise.all([connector.findUserByUserName("a"), connector.findUserByUserName("b"), connector.findGroupByName("c")]);
    expect(tokenRequests(server)).toHaveLength(1);
  });

  it("fetches a fresh token once on 401 and repeats the call", async () => {
    const { server, connector } = await bearerSetup(3600);
    await connector.findUserByUserName("kim");
    server.validTokens.clear();
    const created = await connector.createUser(kim);
    expect(created.remoteId).toBeTruthy();
    expect(tokenRequests(server)).toHaveLength(2);
    const posts = server.requests.filter((r) => r.method === "POST" && r.path === "/scim2/Users");
    expect(posts.map((r) => r.headers.authorization)).toStrictEqual([`Bearer ${server.issuedTokens[0]}`, `Bearer ${server.issuedTokens[1]}`]);
  });

  it("gives up after one fresh token when the remote still answers 401", async () => {
    const { server, connector } = await bearerSetup(3600);
    server.intercept((req, res) => (req.path !== "/token" ? (res.writeHead(401).end(), true) : false), false);
    const err = await failure(connector.deleteUser("x"));
    expect(err.options).toMatchObject({ httpStatus: 401, retryable: false });
    expect(tokenRequests(server)).toHaveLength(2);
    expect(server.requests.filter((r) => r.path !== "/token")).toHaveLength(2);
  });

  it("renews the token shortly before it expires", async () => {
    let clock = 1_000_000;
    const { server, connector } = await bearerSetup(300, () => clock);
    await connector.findUserByUserName("kim");
    clock += 250_000;
    await connector.findUserByUserName("kim");
    expect(tokenRequests(server)).toHaveLength(1);
    clock += 25_000; // within 30 s of expiry
    await connector.findUserByUserName("kim");
    expect(tokenRequests(server)).toHaveLength(2);
  });

  it("dead-letters a refused client with a hint, without the secret", async () => {
    server = await startFakeScimServer({ version: "2.0", client: CLIENT });
    const connector = createScim2Connector(
      scim2ConfigSchema.parse({
        userEndpoint: server.userEndpoint,
        groupEndpoint: server.groupEndpoint,
        authType: "bearer",
        tokenEndpoint: server.tokenEndpoint,
        clientId: CLIENT.clientId,
        clientSecret: "Wrong-S3cret-value",
      }),
    );
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 401, retryable: false });
    expect(err.message).toContain("client authentication failed");
    expect(err.message).toContain("check the token endpoint, client id, client secret and scope");
    expect(JSON.stringify(err)).not.toContain("Wrong-S3cret-value");
  });

  it("never reports a token endpoint 404 as a missing resource", async () => {
    const { server, connector } = await bearerSetup(3600);
    server.intercept((req, res) => (req.path === "/token" ? (res.writeHead(404).end(), true) : false));
    const err = await failure(connector.deleteUser("r1"));
    expect(err.options).toMatchObject({ httpStatus: 404, retryable: false });
    expect(err.options.notFound).toBeUndefined();
    expect(err.message).toContain("token request");
  });

  it("retries when the token endpoint is down", async () => {
    const { server, connector } = await bearerSetup(3600);
    server.intercept((req, res) => (req.path === "/token" ? (res.writeHead(503).end(), true) : false));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ httpStatus: 503, retryable: true });
    expect(err.message).toContain("token request");
  });

  it("refuses a token answer without an access token", async () => {
    const { server, connector } = await bearerSetup(3600);
    server.intercept((req, res) => (req.path === "/token" ? (res.writeHead(200).end(JSON.stringify({ token_type: "Bearer" })), true) : false));
    const err = await failure(connector.createUser(kim));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toContain("no access_token");
  });
});

describe("log summaries", () => {
  it("carry no passwords, secrets or Authorization headers, even when the remote echoes them", async () => {
    const { server, connector } = await basicSetup({ defaultPassword: "Default-Pa55" });
    const userPassword = "User-Pa55word!";
    server.intercept((req, res) => {
      res.writeHead(201, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ ...req.json, id: "r1", note: `stored ${userPassword} for Basic-Pa55word` }));
      return true;
    });
    const created = await connector.createUser({ ...kim, password: userPassword });
    expect(server.requests.at(-1)!.json.password).toBe(userPassword);
    const logged = `${created.request}\n${created.response}`;
    expect(logged).not.toContain(userPassword);
    expect(logged).not.toContain(BASIC.password);
    expect(logged).not.toMatch(/authorization|Basic /i);
    expect(logged).toContain('"password":"[redacted]"');

    server.intercept((_req, res) => (res.writeHead(400).end(JSON.stringify({ status: "400", detail: `password ${userPassword} is too weak` })), true));
    const err = await failure(connector.updateUser("r1", { ...kim, password: userPassword }));
    expect(`${err.message}${err.options.request}${err.options.response}`).not.toContain(userPassword);
  });

  it("truncate bodies to 500 characters", async () => {
    const { server, connector } = await basicSetup();
    server.intercept((_req, res) => (res.writeHead(201).end(JSON.stringify({ id: "r1", blob: "x".repeat(5000) })), true));
    const created = await connector.createUser({ ...kim, displayName: "y".repeat(2000) });
    const [, requestBody] = created.request.split("\n");
    const [, responseBody] = created.response.split("\n");
    expect(requestBody!.length).toBeLessThanOrEqual(500);
    expect(responseBody!.length).toBeLessThanOrEqual(500);
    expect(responseBody!.endsWith("…")).toBe(true);
  });
});
