import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually as poll } from "../../support/eventually";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, SCHEMAS, type Json } from "../../support/scim-client";
import { spmlResponse, startFakeSpmlService, type FakeSpmlService } from "../../../test/support/fake-spml-service";

const IDPS = "/api/server/v1/identity-providers";
const RESIDENT_OUTBOUND = "/api/server/v1/resident-application/outbound-provisioning";
const LOG = "/api/server/v1/provisioning";
const BASIC = { username: "provisio-svc", password: "Spml-Password-5e2b" };
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const eventually = <T>(what: string, check: () => Promise<T | undefined>) => poll(check, what, 20_000, 100);

/**
 * Provisio's engine provisioning to an SPML 2.0 provider (the fake speaks SOAP 1.1 with the DSMLv2 profile):
 * users created, updated and deleted in Provisio arrive as addRequest, modifyRequest and deleteRequest, the PSO
 * identifier is kept as the remote id, and every refusal reaches the provisioning log and follows the retry rules.
 */
describe("SPML 2.0 outbound provisioning (SQLite)", () => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  let spml: FakeSpmlService;
  let connectionName: string;

  beforeAll(async () => {
    spml = await startFakeSpmlService({ targetId: "hr-ldap", basic: BASIC });
    server = await startProvisio();
    admin = new ScimClient(server.baseUrl);
    // three attempts, quickly: the retry rules show within the test
    expect((await admin.api("PUT", "/api/server/v1/settings/outboundRetry", { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 400 })).status).toBe(200);
    connectionName = `HR directory ${Date.now().toString(36)}`;
    const connection = await admin.api("POST", IDPS, { name: connectionName });
    expect(connection.status, connection.text).toBe(201);
    const connector = await admin.api("PUT", `${IDPS}/${connection.body.id}/connectors/spml`, {
      config: { endpoint: spml.endpoint, targetId: "hr-ldap", ...BASIC, timeoutMs: 3000 },
    });
    expect(connector.status, connector.text).toBe(201);
    // the password is kept, never shown
    expect(connector.body).toMatchObject({ type: "spml", secretsSet: ["password"], config: { objectClass: "inetOrgPerson", searchUsers: true } });
    expect(connector.text).not.toContain(BASIC.password);
    const provisioner = await admin.api("POST", RESIDENT_OUTBOUND, { connectorId: connector.body.id });
    expect(provisioner.status, provisioner.text).toBe(201);
  });
  afterAll(async () => {
    await stopAndRemove(server);
    await spml?.close();
  });

  const attemptsOf = async (entityId: string): Promise<Json[]> => {
    const res = await admin.api("GET", `${LOG}/attempts?entityId=${entityId}&count=50`);
    expect(res.status, res.text).toBe(200);
    // newest first
    return res.body.items as Json[];
  };
  /** The attempts of an entity once `done` holds for them, oldest first. */
  const attemptsWhen = async (entityId: string, what: string, done: (attempts: Json[]) => boolean) =>
    eventually(what, async () => {
      const attempts = (await attemptsOf(entityId)).reverse();
      return done(attempts) ? attempts : undefined;
    });
  const remoteIdOf = async (userId: string) => ((await admin.api("GET", `${LOG}/users/${userId}`)).body.connectors[0] as Json).remoteId as string | null;
  const createUser = async (userName: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName, name: { givenName: "Kim", familyName: "Lee" }, ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  /** Answers the requests about `uid` as given, ahead of the provider (once, or every time). */
  const answerFor = (uid: string, status: number, body: string, once = true) =>
    spml.intercept((req, res) => {
      if (!req.body.includes(`<dsml:value>${uid}</dsml:value>`)) return false;
      res.writeHead(status, { "content-type": status === 200 || body.startsWith("<") ? "text/xml; charset=utf-8" : "text/plain" });
      res.end(body);
      return true;
    }, once);

  it("creates, updates and deletes a user at the provider, keeping the PSO identifier as the remote id", async () => {
    const displayName = `Kim "K" <Lee> & Zoë 渡辺`;
    const id = await createUser("spml.kim", { displayName, title: "Engineer", emails: [{ value: "kim@example.com", type: "work", primary: true }] });
    const pso = await eventually("the user at the provider", async () => spml.byUid("spml.kim"));
    expect(pso.id).toBe("uid=spml.kim,ou=people,dc=example,dc=com");
    expect(Object.fromEntries([...pso.attributes.values()].map((a) => [a.name, a.values]))).toStrictEqual({
      objectclass: ["inetOrgPerson"],
      uid: ["spml.kim"],
      cn: [displayName],
      sn: ["Lee"],
      givenName: ["Kim"],
      mail: ["kim@example.com"],
      title: ["Engineer"],
    });
    const [created] = await attemptsWhen(id, "the create attempt", (a) => a.length === 1);
    expect(created).toMatchObject({ operation: "create", status: "success", httpStatus: 200, connectorType: "spml", connectionName });
    expect(created.request).toContain('SOAPAction: "SPMLAddRequest"\naddRequest targetID="hr-ldap" returnData="identifier"');
    expect(created.response).toContain("addResponse");
    expect(await remoteIdOf(id)).toBe(pso.id);

    const patched = await admin.scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: "replace", path: "name.familyName", value: "Park" },
        { op: "remove", path: "title" },
      ],
    });
    expect(patched.status, patched.text).toBe(200);
    await eventually("the update at the provider", async () => (spml.valueOf("spml.kim", "sn") === "Park" ? true : undefined));
    expect(spml.valueOf("spml.kim", "title")).toBeUndefined();
    expect(spml.byUid("spml.kim")!.id).toBe(pso.id);
    const updated = (await attemptsWhen(id, "the update attempt", (a) => a.length === 2))[1];
    expect(updated).toMatchObject({ operation: "update", status: "success" });
    expect(updated.request).toContain(`modifyRequest psoID="${pso.id}" targetID="hr-ldap"\nreplace uid: spml.kim`);
    expect(updated.request).toContain("replace title: (no value: removed)");

    expect((await admin.scim("DELETE", `/Users/${id}`)).status).toBe(204);
    await eventually("the deletion at the provider", async () => (spml.byUid("spml.kim") ? undefined : true));
    const deleted = (await attemptsWhen(id, "the delete attempt", (a) => a.length === 3))[2];
    expect(deleted).toMatchObject({ operation: "delete", status: "success" });
    expect(deleted.request).toContain(`deleteRequest psoID="${pso.id}"`);
    // no attempt ever shows the provider's password
    for (const a of await attemptsOf(id)) expect(JSON.stringify(a)).not.toContain(BASIC.password);
  });

  it("re-creates a user the provider lost (noSuchIdentifier) and links one it already has (alreadyExists)", async () => {
    const lost = await createUser("spml.lost");
    const first = await eventually("the first PSO", async () => spml.byUid("spml.lost"));
    spml.psos.delete(first.id);
    await admin.scim("PATCH", `/Users/${lost}`, { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Back" }] });
    const [, recreated] = await attemptsWhen(lost, "the re-create", (a) => a.length === 2);
    expect(recreated).toMatchObject({ operation: "re-create", status: "success" });
    expect(spml.valueOf("spml.lost", "title")).toBe("Back");

    // a PSO the provider has before Provisio sends the user: the add fails alreadyExists, a search finds it
    const existing = "uid=spml.existing,ou=legacy,dc=example,dc=com";
    const attrs = (o: Record<string, string>) => new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), { name: k, values: [v] }]));
    spml.psos.set(existing, { id: existing, attributes: attrs({ objectclass: "inetOrgPerson", uid: "spml.existing", cn: "Old", sn: "Old" }) });
    const linked = await createUser("spml.existing", { name: { givenName: "New", familyName: "Name" } });
    const [attempt] = await attemptsWhen(linked, "the link", (a) => a.length === 1);
    expect(attempt).toMatchObject({ operation: "link+update", status: "success" });
    expect(await remoteIdOf(linked)).toBe(existing);
    expect(spml.valueOf("spml.existing", "sn")).toBe("Name");
  });

  it("refuses groups once, with a clear message, and does not retry them", async () => {
    const group = await admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "spml-ops" });
    expect(group.status, group.text).toBe(201);
    const [attempt] = await attemptsWhen(group.body.id, "the group attempt", (a) => a.some((x) => x.status === "dead"));
    expect(attempt).toMatchObject({ entityType: "Group", status: "dead", attempt: 1 });
    expect(attempt.error).toBe("SPML 2.0 connectors provision users only: the DSMLv2 profile defines no group model, so groups and memberships are not sent to this target");
  });

  it.each<{ name: string; uid: string; arrange: (uid: string) => void; statuses: string[]; error: RegExp; httpStatus: number | null }>([
    {
      name: "refused credentials (401): dead at once, saying what to check",
      uid: "spml.unauthorised",
      arrange: (uid) => answerFor(uid, 401, "Unauthorized"),
      statuses: ["dead"],
      error: /^create user: POST 127\.0\.0\.1:\d+ answered HTTP 401 Unauthorized, the remote refused the credentials; check the username and password of the SPML connector$/,
      httpStatus: 401,
    },
    {
      name: "a SOAP fault (HTTP 500): the provider's answer, dead at once",
      uid: "spml.fault",
      arrange: (uid) =>
        answerFor(
          uid,
          500,
          `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body><S:Fault><faultcode>S:Server</faultcode><faultstring>LDAP schema violation</faultstring></S:Fault></S:Body></S:Envelope>`,
        ),
      statuses: ["dead"],
      error: /answered SOAP fault S:Server: LDAP schema violation$/,
      httpStatus: 500,
    },
    {
      name: "a malformed answer: dead at once, saying why",
      uid: "spml.malformed",
      arrange: (uid) => answerFor(uid, 200, "<html><body>Login page</body></html>"),
      statuses: ["dead"],
      error: /answered HTTP 200 with a reply that is not an SPML 2.0 response: its root element is html, not a SOAP 1\.1 Envelope$/,
      httpStatus: 200,
    },
    {
      name: "an internal error (HTTP 500 without SOAP): retried, then delivered",
      uid: "spml.flaky",
      arrange: (uid) => answerFor(uid, 500, "Internal Server Error"),
      statuses: ["retrying", "success"],
      error: /answered HTTP 500 Internal Server Error$/,
      httpStatus: 500,
    },
    {
      name: "a failure the provider blames on itself (customError): retried up to the limit, then dead",
      uid: "spml.busy",
      arrange: (uid) => answerFor(uid, 200, spmlResponse("addResponse", { status: "failure", error: "customError" }, { errorMessage: "directory busy" }), false),
      statuses: ["retrying", "retrying", "dead"],
      error: /answered addResponse status "failure" error "customError": directory busy$/,
      httpStatus: 200,
    },
    {
      name: "a malformed request in the provider's eyes (malformedRequest): dead at once",
      uid: "spml.nosn",
      arrange: () => undefined,
      statuses: ["dead"],
      error: /answered addResponse status "failure" error "malformedRequest": objectClassViolation: inetorgperson requires sn$/,
      httpStatus: 200,
    },
  ])("$name", async ({ uid, arrange, statuses, error, httpStatus }) => {
    arrange(uid);
    const id = await createUser(uid, uid === "spml.nosn" ? { name: { givenName: "No" } } : {});
    const attempts = await attemptsWhen(id, `${statuses.join(", ")}`, (a) => a.length >= statuses.length && ["success", "dead"].includes(a[a.length - 1]!.status));
    expect(attempts.map((a) => a.status)).toStrictEqual(statuses);
    expect(attempts[0]).toMatchObject({ operation: "create", httpStatus, connectorType: "spml" });
    expect(attempts[0].error).toMatch(error);
    expect(attempts[0].request).toContain('SOAPAction: "SPMLAddRequest"');
    expect(JSON.stringify(attempts)).not.toContain(BASIC.password);
    if (statuses.at(-1) === "success") expect(spml.byUid(uid)).toBeDefined();
    else expect(spml.byUid(uid)).toBeUndefined();
  });
});
