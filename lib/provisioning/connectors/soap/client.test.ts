import { afterEach, describe, expect, it } from "vitest";
import { closedPort } from "../../../../test/support/fake-scim-server.ts";
import { startFakeWso2, type FakeWso2 } from "../../../../test/support/fake-wso2-user-admin.ts";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { soapConfigSchema } from "./config.ts";
import { createSoapConnector } from "./index.ts";

const ADMIN = { username: "admin", password: "Admin-Pa55word" };
const C = (name: string) => `http://wso2.org/claims/${name}`;

let fake: FakeWso2 | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(extra: Record<string, unknown> = {}) {
  fake = await startFakeWso2(ADMIN);
  const connector = createSoapConnector(soapConfigSchema.parse({ serviceUrl: fake.serviceUrl, ...ADMIN, timeoutMs: 2000, ...extra }));
  return { fake, connector };
}

const kim: ProvisionedUser = {
  id: "u1",
  userName: "kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  title: "Engineer",
  emails: [{ value: "kim@x.example", primary: true }],
  phoneNumbers: [],
  password: "Kim-Pa55word",
};

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe("SOAP connector: users", () => {
  it("creates with claims and a credential, finds, updates and deletes by user name", async () => {
    const { fake, connector } = await setup();
    const created = await connector.createUser(kim);
    expect(created.remoteId).toBe("kim");
    expect(fake.calls.at(-1)).toMatchObject({ operation: "addUser", soapAction: '"urn:addUser"', args: { userName: "kim", credential: "Kim-Pa55word", profileName: "default" } });
    expect(Object.fromEntries(fake.users.get("kim")!.claims)).toStrictEqual({ [C("givenname")]: "Kim", [C("lastname")]: "Lee", [C("emailaddress")]: "kim@x.example", [C("title")]: "Engineer" });
    // the summary names the operation and never the password
    expect(created.request).toContain("urn:addUser");
    expect(created.request).not.toContain("Kim-Pa55word");
    expect(created.httpStatus).toBe(202);

    expect(await connector.findUserByUserName("kim")).toBe("kim");
    expect(await connector.findUserByUserName("MYSQL/kim")).toBe("kim");
    expect(await connector.findUserByUserName("nobody")).toBeUndefined();

    // no password: claims only; a cleared title is deleted at the remote
    const updated = await connector.updateUser("kim", { ...kim, title: null, name: { givenName: "Kimberly", familyName: "Lee" }, password: undefined });
    expect(fake.calls.slice(-2).map((c) => c.operation)).toStrictEqual(["setUserClaimValues", "deleteUserClaimValues"]);
    expect(Object.fromEntries(fake.users.get("kim")!.claims)).toStrictEqual({ [C("givenname")]: "Kimberly", [C("lastname")]: "Lee", [C("emailaddress")]: "kim@x.example" });
    expect(fake.users.get("kim")!.password).toBe("Kim-Pa55word");
    expect(updated.request.split("\n\n")).toHaveLength(2);

    await connector.updateUser("kim", { ...kim, password: "New-Pa55word" });
    expect(fake.calls.at(-1)).toMatchObject({ operation: "updateCredentialByAdmin", args: { userName: "kim", newCredential: "New-Pa55word" } });
    expect(fake.users.get("kim")!.password).toBe("New-Pa55word");

    await connector.deleteUser("kim");
    expect(fake.users.has("kim")).toBe(false);
  });

  it("prefixes names with the configured user store domain", async () => {
    const { fake, connector } = await setup({ userStoreDomain: "PARTNER" });
    expect((await connector.createUser({ ...kim, userName: "MYSQL/kim" })).remoteId).toBe("PARTNER/kim");
    expect(fake.users.has("PARTNER/kim")).toBe(true);
  });

  it("keeps the remote name after a rename here, and says so", async () => {
    const { fake, connector } = await setup();
    await connector.createUser(kim);
    const result = await connector.updateUser("kim", { ...kim, userName: "kimberly", password: undefined });
    expect(result.remoteId).toBe("kim");
    expect(result.request).toMatch(/renamed here to kimberly: the remote service cannot rename users, so it keeps the name kim/);
    expect(fake.calls.at(-2)!.args.userName).toBe("kim");
  });

  it.each<[string, (c: ReturnType<typeof createSoapConnector>) => Promise<unknown>, Partial<ConnectorError["options"]>, RegExp]>([
    ["a user that exists is a conflict", (c) => c.createUser({ ...kim, userName: "taken" }), { conflict: true, retryable: false, httpStatus: 500 }, /already exists/],
    ["an unknown user on update is not found", (c) => c.updateUser("ghost", { ...kim, userName: "ghost" }), { notFound: true, retryable: false }, /User ghost does not exist/],
    ["an unknown user on delete is not found", (c) => c.deleteUser("ghost"), { notFound: true, retryable: false }, /does not exist/],
    ["a weak password is refused for good", (c) => c.createUser({ ...kim, userName: "weak", password: "abc" }), { retryable: false }, /Credential is not valid/],
  ])("%s", async (_name, act, expected, message) => {
    const { fake, connector } = await setup();
    fake.users.set("taken", { claims: new Map() });
    const err = await failure(act(connector));
    expect(err.options).toMatchObject(expected);
    expect(err.message).toMatch(message);
    expect(err.options.response).toMatch(/^HTTP 500\nsoapenv:Server: /);
  });

  it("a user named like a reason is still read by the reason", async () => {
    const { fake, connector } = await setup();
    fake.users.set("does not exist", { claims: new Map() });
    const err = await failure(connector.createUser({ ...kim, userName: "does not exist" }));
    expect(err.options.conflict).toBe(true);
    expect(err.options.notFound).toBeUndefined();
  });
});

describe("SOAP connector: groups as roles", () => {
  it("creates a role with its members, moves members one call each, and deletes it", async () => {
    const { fake, connector } = await setup();
    for (const name of ["ann", "bob"]) fake.users.set(name, { claims: new Map() });
    const created = await connector.createGroup({ id: "g1", displayName: "Engineering", memberRemoteIds: ["ann"] });
    expect(created.remoteId).toBe("Engineering");
    expect([...fake.roles.get("Engineering")!]).toStrictEqual(["ann"]);
    expect(await connector.findGroupByName("Engineering")).toBe("Engineering");
    expect(await connector.findGroupByName("Sales")).toBeUndefined();

    const updated = await connector.updateGroup("Engineering", { displayName: "Engineering", addMemberRemoteIds: ["bob"], removeMemberRemoteIds: ["ann"] });
    expect(fake.calls.slice(-2).map((c) => [c.operation, c.args])).toStrictEqual([
      ["updateRoleListOfUser", { userName: "ann", deletedRoles: ["Engineering"] }],
      ["updateRoleListOfUser", { userName: "bob", newRoles: ["Engineering"] }],
    ]);
    expect([...fake.roles.get("Engineering")!]).toStrictEqual(["bob"]);
    expect(updated.request.split("\n\n")).toHaveLength(2);

    await connector.deleteGroup("Engineering");
    expect(fake.roles.has("Engineering")).toBe(false);
  });

  it("a role that exists is a conflict; a role gone is not found; a member missing there is neither", async () => {
    const { fake, connector } = await setup();
    fake.roles.set("Engineering", new Set());
    expect((await failure(connector.createGroup({ id: "g1", displayName: "Engineering", memberRemoteIds: [] }))).options.conflict).toBe(true);

    fake.users.set("ann", { claims: new Map() });
    const gone = await failure(connector.updateGroup("Sales", { displayName: "Sales", addMemberRemoteIds: ["ann"], removeMemberRemoteIds: [] }));
    expect(gone.options.notFound).toBe(true);

    const missing = await failure(connector.updateGroup("Engineering", { displayName: "Engineering", addMemberRemoteIds: ["ghost"], removeMemberRemoteIds: [] }));
    expect(missing.options.notFound).toBeUndefined();
    expect(missing.options.retryable).toBe(false);
    expect(missing.message).toMatch(/User ghost does not exist.*the member is missing there/);
  });
});

describe("SOAP connector: failures", () => {
  it.each<[string, Parameters<FakeWso2["misbehave"]>[0], Partial<ConnectorError["options"]>, RegExp]>([
    ["503 without a fault is retried", "unavailable", { retryable: true, httpStatus: 503 }, /answered HTTP 503 without a SOAP fault/],
    ["a fault without a known reason is retried", "server-fault", { retryable: true, httpStatus: 500 }, /accessing the user store database/],
    ["HTML instead of SOAP is not", "html", { retryable: false, httpStatus: 200 }, /not a SOAP response/],
    ["401 is a credentials problem", "http-401", { retryable: false, httpStatus: 401 }, /refused the credentials \(HTTP 401\).*check the username and password/],
  ])("%s", async (_name, kind, expected, message) => {
    const { fake, connector } = await setup();
    fake.misbehave(kind);
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject(expected);
    expect(err.message).toMatch(message);
    expect(err.options.request).toContain("urn:addUser");
  });

  it("a query answered with the wrong element is malformed, not false", async () => {
    const { fake, connector } = await setup();
    fake.misbehave("not-soap");
    const err = await failure(connector.findUserByUserName("kim"));
    expect(err.options.retryable).toBe(false);
    expect(err.message).toMatch(/not a SOAP response|unexpected isExistingUser response/);
  });

  it("WSO2's Access Denied fault is a credentials problem, and the password never reaches the log", async () => {
    const { connector } = await setup({ password: "Wrong-Pa55word" });
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ retryable: false, httpStatus: 500 });
    expect(err.message).toMatch(/Access Denied.*check the username and password/);
    expect(`${err.message}${err.options.request}${err.options.response}`).not.toMatch(/Wrong-Pa55word|Kim-Pa55word/);
  });

  it("a target that does not answer is retried, with no HTTP status (the engine pauses it)", async () => {
    const port = await closedPort();
    const connector = createSoapConnector(soapConfigSchema.parse({ serviceUrl: `http://127.0.0.1:${port}/services/RemoteUserStoreManagerService`, ...ADMIN }));
    const err = await failure(connector.createUser(kim));
    expect(err.options.retryable).toBe(true);
    expect(err.options.httpStatus).toBeUndefined();
    expect(err.message).toMatch(/connection refused/);
    expect(err.options.request).toContain("urn:addUser");
  });

  it("a wrong service URL says so, for good", async () => {
    const { fake } = await setup();
    const connector = createSoapConnector(soapConfigSchema.parse({ serviceUrl: fake.serviceUrl.replace("RemoteUserStoreManagerService", "UserAdmin"), ...ADMIN }));
    const err = await failure(connector.createUser(kim));
    expect(err.options).toMatchObject({ retryable: false, httpStatus: 404 });
    expect(err.options.notFound).toBeUndefined();
    expect(err.message).toMatch(/no service at this URL, check the service URL/);
  });
});
