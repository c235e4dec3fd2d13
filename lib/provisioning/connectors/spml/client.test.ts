import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "../../../../test/support/fake-scim-server.ts";
import { spmlResponse, startFakeSpmlService, type FakeSpmlService } from "../../../../test/support/fake-spml-service.ts";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { spmlConfigSchema, type SpmlConfig } from "./config.ts";
import { createSpmlConnector, GROUPS_UNSUPPORTED } from "./index.ts";

const BASIC = { username: "svc", password: "Sp-Secret-77" };

const user = (userName: string, extra: Partial<ProvisionedUser> = {}): ProvisionedUser => ({
  id: `id-${userName}`,
  userName,
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: `${userName}@example.com`, primary: true }],
  phoneNumbers: [],
  ...extra,
});

let spml: FakeSpmlService;
let config: SpmlConfig;

beforeAll(async () => {
  spml = await startFakeSpmlService({ targetId: "hr-ldap", basic: BASIC });
  config = spmlConfigSchema.parse({ endpoint: spml.endpoint, targetId: "hr-ldap", ...BASIC, timeoutMs: 3000 });
});
afterAll(() => spml.close());
afterEach(() => {
  spml.psos.clear();
  spml.requests.length = 0;
});

/** The ConnectorError a call ends with. */
async function failure(call: Promise<unknown>): Promise<ConnectorError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe("SPML 2.0 connector against an SPML provider", () => {
  it("creates, updates, finds and deletes a user; the remote id is the PSO identifier", async () => {
    const client = createSpmlConnector(config);
    const created = await client.createUser(user("kim", { title: "Engineer" }));
    expect(created.remoteId).toBe("uid=kim,ou=people,dc=example,dc=com");
    expect(created.httpStatus).toBe(200);
    expect(created.request).toContain(`POST ${spml.endpoint}\nSOAPAction: "SPMLAddRequest"\naddRequest targetID="hr-ldap" returnData="identifier"\nobjectclass: inetOrgPerson\nuid: kim`);
    expect(created.response).toMatch(/^HTTP 200 OK\n<\?xml/);
    expect(spml.valueOf("kim", "cn")).toBe("Kim Lee");
    expect(spml.valueOf("kim", "title")).toBe("Engineer");
    expect(spml.requests[0]!.headers).toMatchObject({ "content-type": "text/xml; charset=utf-8", soapaction: '"SPMLAddRequest"' });

    const updated = await client.updateUser(created.remoteId!, user("kim", { name: { givenName: "Kim", familyName: "Park" }, displayName: "Kim P." }));
    expect(updated.remoteId).toBe(created.remoteId);
    expect(spml.valueOf("kim", "sn")).toBe("Park");
    expect(spml.valueOf("kim", "cn")).toBe("Kim P.");
    // the title the user no longer has is removed at the target
    expect(spml.valueOf("kim", "title")).toBeUndefined();

    expect(await client.findUserByUserName("KIM")).toBe(created.remoteId);
    expect(await client.findUserByUserName("MYSQL/kim")).toBe(created.remoteId);
    expect(await client.findUserByUserName("nobody")).toBeUndefined();

    await client.deleteUser(created.remoteId!);
    expect(spml.psos.size).toBe(0);
    expect(spml.requests.map((r) => r.operation)).toStrictEqual(["addRequest", "modifyRequest", "searchRequest", "searchRequest", "searchRequest", "deleteRequest"]);
  });

  it("round-trips hostile values through the provider: markup, entities, quotes and non-ASCII", async () => {
    const client = createSpmlConnector(config);
    const name = `o'brien&<x>"q"`;
    const displayName = "</dsml:value><dsml:value>injected &amp; Zoë 渡辺 😀";
    const created = await client.createUser(user(name, { displayName, title: "&lt;not an entity&gt;" }));
    // the DN the provider built (with RFC 4514 escapes) comes back intact as the remote id
    expect(created.remoteId).toBe(`uid=o'brien&\\<x\\>\\"q\\",ou=people,dc=example,dc=com`);
    expect(spml.valueOf(name, "uid")).toBe(name);
    expect(spml.byUid(name)!.attributes.get("cn")!.values).toStrictEqual([displayName]);
    expect(spml.valueOf(name, "title")).toBe("&lt;not an entity&gt;");
    await client.updateUser(created.remoteId!, user(name, { displayName: "Ω & ω" }));
    expect(spml.valueOf(name, "cn")).toBe("Ω & ω");
    expect(await client.findUserByUserName(name)).toBe(created.remoteId);
    await client.deleteUser(created.remoteId!);
    expect(spml.psos.size).toBe(0);
  });

  it("maps alreadyExists to a conflict and noSuchIdentifier to not found, with the provider's words", async () => {
    const client = createSpmlConnector(config);
    await client.createUser(user("dup"));
    const conflict = await failure(client.createUser(user("dup")));
    expect(conflict.message).toBe(`create user: ${new URL(spml.endpoint).host} answered addResponse status "failure" error "alreadyExists": an entry with uid dup exists`);
    expect(conflict.options).toMatchObject({ conflict: true, retryable: false, httpStatus: 200 });

    const gone = await failure(client.updateUser("uid=ghost,ou=people,dc=example,dc=com", user("ghost")));
    expect(gone.message).toMatch(/modifyResponse status "failure" error "noSuchIdentifier": no PSO "uid=ghost/);
    expect(gone.options).toMatchObject({ notFound: true, retryable: false });
    expect((await failure(client.deleteUser("uid=ghost"))).options).toMatchObject({ notFound: true, retryable: false });
  });

  it("refuses what the provider refuses: a missing required attribute, a wrong target", async () => {
    const noSn = await failure(createSpmlConnector(config).createUser(user("nosn", { name: { givenName: "Only" } })));
    expect(noSn.message).toMatch(/error "malformedRequest": objectClassViolation: inetorgperson requires sn$/);
    expect(noSn.options.retryable).toBe(false);
    const wrongTarget = await failure(createSpmlConnector({ ...config, targetId: "payroll" }).createUser(user("t")));
    expect(wrongTarget.message).toMatch(/error "invalidIdentifier": no target "payroll" here/);
    expect(wrongTarget.options.retryable).toBe(false);
  });

  it("sends the configured object classes and attribute mapping", async () => {
    const client = createSpmlConnector(
      spmlConfigSchema.parse({
        ...config,
        objectClass: "inetOrgPerson, extensibleObject",
        attributeMapping: [
          { attribute: "uid", source: "userName" },
          { attribute: "cn", source: "fullName" },
          { attribute: "sn", source: "familyName" },
          { attribute: "employeeNumber", source: "employeeNumber" },
        ],
      }),
    );
    await client.createUser(user("mapped", { enterprise: { employeeNumber: "E-42" } }));
    expect(spml.byUid("mapped")!.attributes.get("objectclass")!.values).toStrictEqual(["inetOrgPerson", "extensibleObject"]);
    expect(spml.valueOf("mapped", "employeeNumber")).toBe("E-42");
    expect(spml.valueOf("mapped", "mail")).toBeUndefined();
  });

  it("finds no user where the provider lacks the search capability, or searching is off", async () => {
    const noSearch = await startFakeSpmlService({ targetId: "hr-ldap", search: false });
    try {
      const client = createSpmlConnector({ ...config, endpoint: noSearch.endpoint, username: undefined });
      await client.createUser(user("kim"));
      expect(await client.findUserByUserName("kim")).toBeUndefined();
      expect(noSearch.requests.map((r) => r.operation)).toStrictEqual(["addRequest", "searchRequest"]);
      const off = createSpmlConnector({ ...config, endpoint: noSearch.endpoint, username: undefined, searchUsers: false });
      expect(await off.findUserByUserName("kim")).toBeUndefined();
      expect(noSearch.requests).toHaveLength(2);
    } finally {
      await noSearch.close();
    }
  });

  it.each<[string, { id: string; data?: Record<string, string[]> }[], string | undefined]>([
    [
      "the PSO whose uid matches, case-insensitively",
      [
        { id: "uid=a", data: { uid: ["kimberly"] } },
        { id: "uid=b", data: { UID: ["KIM"] } },
      ],
      "uid=b",
    ],
    ["a lone PSO without data (the provider ignored returnData)", [{ id: "uid=only" }], "uid=only"],
    ["no lone PSO whose uid differs (the provider ignored the filter)", [{ id: "uid=else", data: { uid: ["someone"] } }], undefined],
    ["none of several PSOs without data", [{ id: "uid=a" }, { id: "uid=b" }], undefined],
  ])("links %s", async (_name, psos, linked) => {
    spml.intercept((req, res) => {
      res.writeHead(200, { "content-type": "text/xml" });
      res.end(spmlResponse("searchResponse", { status: "success" }, { psos }));
      return true;
    });
    expect(await createSpmlConnector(config).findUserByUserName("kim")).toBe(linked);
  });

  it("says groups are not provisioned, without calling the provider", async () => {
    const client = createSpmlConnector(config);
    for (const call of [
      client.createGroup({ id: "g", displayName: "Ops", memberRemoteIds: [] }),
      client.updateGroup("x", { displayName: "Ops", addMemberRemoteIds: [], removeMemberRemoteIds: [] }),
      client.deleteGroup("x"),
    ]) {
      const err = await failure(call);
      expect(err.message).toBe(GROUPS_UNSUPPORTED);
      expect(err.options.retryable).toBe(false);
    }
    expect(await client.findGroupByName("Ops")).toBeUndefined();
    expect(spml.requests).toHaveLength(0);
  });
});

describe("SPML 2.0 connector failures", () => {
  const host = () => new URL(spml.endpoint).host;
  const answer = (status: number, body: string, headers: Record<string, string> = { "content-type": "text/xml" }) =>
    spml.intercept((_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
      return true;
    });

  it.each<{ name: string; arrange: () => void; message: RegExp; retryable: boolean; httpStatus?: number }>([
    {
      name: "wrong credentials: 401, not retried, says what to check",
      arrange: () => undefined,
      message: /^create user: POST .* answered HTTP 401 Unauthorized, the remote refused the credentials; check the username and password of the SPML connector$/,
      retryable: false,
      httpStatus: 401,
    },
    {
      name: "403: not retried",
      arrange: () => answer(403, "Forbidden", { "content-type": "text/plain" }),
      message: /answered HTTP 403 Forbidden, the account lacks permission at the remote; check the username and password/,
      retryable: false,
      httpStatus: 403,
    },
    {
      name: "503: retried",
      arrange: () => answer(503, "<html>down for maintenance</html>", { "content-type": "text/html", "retry-after": "30" }),
      message: /answered HTTP 503 Service Unavailable, retry after 30$/,
      retryable: true,
      httpStatus: 503,
    },
    {
      name: "500 without a SOAP answer (an internal error): retried",
      arrange: () => answer(500, "Internal Server Error", { "content-type": "text/plain" }),
      message: /answered HTTP 500 Internal Server Error$/,
      retryable: true,
      httpStatus: 500,
    },
    {
      name: "500 with a SOAP fault: the provider's answer about this request, not retried",
      arrange: () =>
        answer(
          500,
          `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>Unparseable request</faultstring></S:Fault></S:Body></S:Envelope>`,
        ),
      message: /^create user: .* answered SOAP fault S:Client: Unparseable request$/,
      retryable: false,
      httpStatus: 500,
    },
    {
      name: "400 with a SOAP fault: judged by the fault, not retried",
      arrange: () =>
        answer(
          400,
          `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>targetID missing</faultstring></S:Fault></S:Body></S:Envelope>`,
        ),
      message: /^create user: .* answered SOAP fault S:Client: targetID missing$/,
      retryable: false,
      httpStatus: 400,
    },
    {
      name: "404: a wrong endpoint, never a missing user",
      arrange: () => answer(404, "Not Found", { "content-type": "text/plain" }),
      message: /answered HTTP 404 Not Found; check the SPML endpoint URL$/,
      retryable: false,
      httpStatus: 404,
    },
    {
      name: "200 with HTML: malformed, not retried",
      arrange: () => answer(200, "<html><body>Welcome to the portal", { "content-type": "text/html" }),
      message: /^create user: .* answered HTTP 200 with a reply that is not an SPML 2.0 response: it is not well-formed XML \(unclosed xml tag\(s\): html, body\)$/,
      retryable: false,
      httpStatus: 200,
    },
    {
      name: "200 with another response element: malformed, not retried",
      arrange: () => answer(200, spmlResponse("deleteResponse", { status: "success" })),
      message: /not an SPML 2.0 response: it carries \{urn:oasis:names:tc:SPML:2:0\}deleteResponse where \{urn:oasis:names:tc:SPML:2:0\}addResponse was expected/,
      retryable: false,
      httpStatus: 200,
    },
    {
      name: "success without a PSO identifier: the remote id cannot be kept",
      arrange: () => answer(200, spmlResponse("addResponse", { status: "success" })),
      message: /^create user: .* answered addResponse status "success" but named no PSO identifier \(pso\/psoID\), so the remote id cannot be kept$/,
      retryable: false,
      httpStatus: 200,
    },
    {
      name: "customError: retried",
      arrange: () => answer(200, spmlResponse("addResponse", { status: "failure", error: "customError" }, { errorMessage: "directory unavailable" })),
      message: /addResponse status "failure" error "customError": directory unavailable$/,
      retryable: true,
      httpStatus: 200,
    },
  ])("$name", async ({ arrange, message, retryable, httpStatus }) => {
    arrange();
    const credentials = httpStatus === 401 ? { password: "wrong-password" } : {};
    const err = await failure(createSpmlConnector({ ...config, ...credentials }).createUser(user("f")));
    expect(err.message).toMatch(message);
    expect(err.message).toContain(host().split(":")[0]);
    expect(err.options.retryable).toBe(retryable);
    expect(err.options.httpStatus).toBe(httpStatus);
    expect(err.options.notFound).toBeUndefined();
    expect(err.options.conflict).toBeUndefined();
    // the log's summaries carry the request and the answer, never the password
    expect(err.options.request).toContain('SOAPAction: "SPMLAddRequest"');
    expect(`${err.options.request}${err.options.response}${err.message}`).not.toContain(BASIC.password);
  });

  it("a provider that does not answer: retried, without an HTTP status (the target is paused)", async () => {
    const err = await failure(createSpmlConnector({ ...config, endpoint: `http://127.0.0.1:${await closedPort()}/spml` }).createUser(user("x")));
    expect(err.message).toMatch(/^create user failed: connection refused \(ECONNREFUSED\) connecting to 127\.0\.0\.1:\d+$/);
    expect(err.options).toMatchObject({ retryable: true });
    expect(err.options.httpStatus).toBeUndefined();
    expect(err.options.request).toContain("addRequest");
  });

  it("a search refused with noSuchIdentifier says nothing about the user: no not-found", async () => {
    answer(200, spmlResponse("searchResponse", { status: "failure", error: "noSuchIdentifier" }, { errorMessage: "no base" }));
    const err = await failure(createSpmlConnector(config).findUserByUserName("kim"));
    expect(err.message).toMatch(/^find user: .* answered searchResponse status "failure" error "noSuchIdentifier": no base$/);
    expect(err.options).toMatchObject({ retryable: false, httpStatus: 200 });
    expect(err.options.notFound).toBeUndefined();
  });

  it("a SOAP fault to a search says how to turn searching off", async () => {
    answer(
      500,
      `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Client</faultcode><faultstring>unknown element searchRequest</faultstring></S:Fault></S:Body></S:Envelope>`,
    );
    const err = await failure(createSpmlConnector(config).findUserByUserName("kim"));
    expect(err.message).toBe(
      'find user: the provider answered the searchRequest with SOAP fault S:Client: unknown element searchRequest; if it does not support the search capability, turn off "Find existing users"',
    );
    expect(err.options.retryable).toBe(false);
  });

  it("refuses a value XML cannot carry before sending anything", async () => {
    const err = await failure(createSpmlConnector(config).createUser(user("ctl", { title: "bell\u0007" })));
    expect(err.message).toBe('attribute "title" contains a character XML cannot carry (U+0007); correct the value and save the user again');
    expect(err.options.retryable).toBe(false);
    expect(spml.requests).toHaveLength(0);
  });
});
