import { afterEach, describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { closedPort, startFakeScimServer, type FakeScimServer } from "../../../../test/support/fake-scim-server.ts";
import { scim11ConfigSchema } from "./config.ts";
import { createScim11Connector } from "./index.ts";
import { SCIM11_CORE_SCHEMA } from "./mapping.ts";

const BASIC = { username: "admin", password: "Admin-Pa55word" };

let server: FakeScimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(extra: Record<string, unknown> = {}) {
  server = await startFakeScimServer({ version: "1.1", basic: BASIC });
  const config = scim11ConfigSchema.parse({ userEndpoint: server.userEndpoint, groupEndpoint: server.groupEndpoint, authType: "basic", ...BASIC, ...extra });
  return { server, connector: createScim11Connector(config) };
}

const kim: ProvisionedUser = { id: "u1", userName: "MYSQL/kim", active: true, emails: [{ value: "kim@example.com" }], phoneNumbers: [], enterprise: { department: "Ops" } };

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe("SCIM 1.1 users", () => {
  it("creates, finds, replaces and deletes over the wire", async () => {
    const { server, connector } = await setup({ enterpriseExtensionKey: "EnterpriseUser" });
    const created = await connector.createUser({ ...kim, password: "Kim-Pa55word" });
    const post = server.requests.at(-1)!;
    expect(post.path).toBe("/wso2/scim/Users");
    expect(post.headers["content-type"]).toBe("application/json");
    expect(post.json).toStrictEqual({
      schemas: [SCIM11_CORE_SCHEMA],
      userName: "kim",
      active: true,
      emails: [{ value: "kim@example.com" }],
      password: "Kim-Pa55word",
      EnterpriseUser: { department: "Ops" },
    });
    expect(created.request).not.toContain("Kim-Pa55word");

    expect(await connector.findUserByUserName("MYSQL/kim")).toBe(created.remoteId);
    expect(server.requests.at(-1)!.query.get("filter")).toBe('userName Eq "kim"');

    await connector.updateUser(created.remoteId!, { ...kim, active: false });
    const put = server.requests.at(-1)!;
    expect(put.method).toBe("PUT");
    expect(put.json).toMatchObject({ schemas: [SCIM11_CORE_SCHEMA], userName: "kim", active: false });
    expect(put.json).not.toHaveProperty("password");

    const deleted = await connector.deleteUser(created.remoteId!);
    expect(deleted.httpStatus).toBe(200);
    expect(server.users.size).toBe(0);
  });

  it("reads WSO2's 404 for a filter without matches as no match", async () => {
    const { connector } = await setup();
    expect(await connector.findUserByUserName("nobody")).toBeUndefined();
    expect(await connector.findGroupByName("nobody")).toBeUndefined();
  });

  it("takes the message from SCIM 1.1 Errors and classifies statuses", async () => {
    const { connector } = await setup();
    await connector.createUser(kim);
    const conflict = await failure(connector.createUser(kim));
    expect(conflict.options).toMatchObject({ httpStatus: 409, conflict: true, retryable: false });
    expect(conflict.message).toContain("User kim already exists");
    const missing = await failure(connector.updateUser("missing", kim));
    expect(missing.options).toMatchObject({ notFound: true });
  });

  it("retries a refused connection", async () => {
    const port = await closedPort();
    const connector = createScim11Connector(
      scim11ConfigSchema.parse({ userEndpoint: `http://127.0.0.1:${port}/wso2/scim/Users`, groupEndpoint: `http://127.0.0.1:${port}/wso2/scim/Groups`, authType: "basic", ...BASIC }),
    );
    const err = await failure(connector.createUser(kim));
    expect(err.options.retryable).toBe(true);
    expect(err.message).toContain("ECONNREFUSED");
  });
});

describe("SCIM 1.1 groups", () => {
  it("reads the group and PUTs the full member list with the delta applied", async () => {
    const { server, connector } = await setup();
    const ids = [];
    for (const name of ["a", "b", "c", "d"]) ids.push((await connector.createUser({ ...kim, userName: name })).remoteId!);
    const [a, b, c, d] = ids as [string, string, string, string];
    const group = await connector.createGroup({ id: "g1", displayName: "admins", memberRemoteIds: [a, b] });
    expect(server.requests.at(-1)!.json).toStrictEqual({ schemas: [SCIM11_CORE_SCHEMA], displayName: "admins", members: [{ value: a }, { value: b }] });

    // a member added at the remote by someone else survives the PUT
    server.groups.get(group.remoteId!)!.members.push({ value: c, display: "c" });
    const result = await connector.updateGroup(group.remoteId!, { displayName: "operators", addMemberRemoteIds: [d], removeMemberRemoteIds: [a] });
    expect(result).toMatchObject({ remoteId: group.remoteId, httpStatus: 200 });

    const [get, put] = server.requests.slice(-2);
    expect(get!.method).toBe("GET");
    expect(get!.path).toBe(`/wso2/scim/Groups/${group.remoteId}`);
    expect(put!.method).toBe("PUT");
    expect(put!.json).toStrictEqual({ schemas: [SCIM11_CORE_SCHEMA], displayName: "operators", members: [{ value: b }, { value: c, display: "c" }, { value: d }] });
    expect(server.groups.get(group.remoteId!)).toMatchObject({ displayName: "operators", members: [{ value: b }, { value: c }, { value: d }] });

    expect(await connector.findGroupByName("operators")).toBe(group.remoteId);
    expect(server.requests.at(-1)!.query.get("filter")).toBe('displayName Eq "operators"');

    await connector.deleteGroup(group.remoteId!);
    expect(server.groups.size).toBe(0);
  });

  it("reports a group gone at the remote as notFound without sending a PUT", async () => {
    const { server, connector } = await setup();
    const err = await failure(connector.updateGroup("missing", { displayName: "x", addMemberRemoteIds: ["a"], removeMemberRemoteIds: [] }));
    expect(err.options).toMatchObject({ httpStatus: 404, notFound: true });
    expect(server.requests.map((r) => r.method)).toStrictEqual(["GET"]);
  });

  it("refuses a group read with a garbled member list", async () => {
    const { server, connector } = await setup();
    server.intercept((req, res) => (req.method === "GET" ? (res.writeHead(200).end(JSON.stringify({ id: "g", members: [{ display: "no value" }] })), true) : false));
    const err = await failure(connector.updateGroup("g", { displayName: "x", addMemberRemoteIds: [], removeMemberRemoteIds: [] }));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toContain("members.0.value");
    expect(server.requests.map((r) => r.method)).toStrictEqual(["GET"]);
  });
});
