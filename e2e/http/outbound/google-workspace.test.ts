import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually as poll } from "../../support/eventually";
import { startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ScimClient, SCHEMAS, type Json } from "../../support/scim-client";
import { googleError, startFakeGoogleDirectory, type FakeGoogleDirectory, type ServiceAccount } from "../../../test/support/fake-google-directory";

// The connector is the same on either database: this runs on SQLite only, where the engine's own tests cover both.

const IDPS = "/api/server/v1/identity-providers";
const RESIDENT_OUTBOUND = "/api/server/v1/resident-application/outbound-provisioning";
const LOG = "/api/server/v1/provisioning";
const ADMIN = "admin@example.com";

const eventually = <T>(what: string, check: () => Promise<T | undefined> | T | undefined) => poll(async () => check(), what, 15_000);

describe("A provisions to Google Workspace through the Admin SDK Directory API (SQLite)", () => {
  let a: ProvisioInstance;
  let google: FakeGoogleDirectory;
  let account: ServiceAccount;
  let admin: ScimClient;
  let connectionId: string;
  let connectorId: string;

  const settings = (key: ServiceAccount) => ({ serviceAccountKey: key.keyFile, adminEmail: ADMIN, domain: "example.com", rootUrl: google.rootUrl, passwordProvisioning: true, timeoutMs: 3000 });

  beforeAll(async () => {
    google = await startFakeGoogleDirectory({ domain: "example.com", admins: [ADMIN] });
    account = google.serviceAccount();
    a = await startProvisio();
    admin = new ScimClient(a.baseUrl);
    // three tries, fast: the tests about retries do not wait for the default backoff
    expect((await admin.api("PUT", "/api/server/v1/settings/outboundRetry", { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 1000 })).status).toBe(200);
    const connection = await admin.api("POST", IDPS, { name: "Google Workspace" });
    expect(connection.status, connection.text).toBe(201);
    connectionId = connection.body.id;
    const connector = await admin.api("PUT", `${IDPS}/${connectionId}/connectors/googleapps`, { config: settings(account) });
    expect(connector.status, connector.text).toBe(201);
    // the key is stored encrypted and never comes back
    expect(connector.body).toMatchObject({ type: "googleapps", secretsSet: ["serviceAccountKey"], config: { adminEmail: ADMIN, domain: "example.com" } });
    expect(connector.text).not.toContain("PRIVATE KEY");
    expect(connector.text).not.toContain('serviceAccountKey":');
    connectorId = connector.body.id;
    const provisioner = await admin.api("POST", RESIDENT_OUTBOUND, { connectorId });
    expect(provisioner.status, provisioner.text).toBe(201);
  });
  afterAll(async () => {
    await stopAndRemove(a);
    await google?.close();
  });

  const attempts = async (entityId: string): Promise<Json[]> => (await admin.api("GET", `${LOG}/attempts?entityId=${entityId}`)).body.items;
  const remoteIdAtA = async (userId: string): Promise<string | undefined> => (await admin.api("GET", `${LOG}/users/${userId}`)).body.connectors?.[0]?.remoteId ?? undefined;
  const createUser = async (userName: string, extra: Record<string, unknown> = {}) => {
    const res = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName, name: { givenName: "Ada", familyName: "Lovelace" }, ...extra });
    expect(res.status, res.text).toBe(201);
    return res.body;
  };
  const patch = (path: string, operations: unknown[]) => admin.scim("PATCH", path, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: operations });
  /** The first request for this primary email at the Directory API answers as told, then Google is itself again. */
  const failInsert = (email: string, status: number, body: unknown, once = true) =>
    google.intercept((req, res) => {
      if (req.method !== "POST" || req.path !== "/admin/directory/v1/users" || req.json?.primaryEmail !== email) return false;
      res.writeHead(status, { "content-type": typeof body === "string" ? "text/html" : "application/json" });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
      return true;
    }, once);

  it("inserts, updates, suspends and deletes a user, keeping Google's id as the remote id", async () => {
    const user = await createUser("ada", { emails: [{ value: "ada@elsewhere.org", primary: true }], password: "Ada-Pa55word-1" });
    const atGoogle = await eventually("ada at Google", () => google.userByEmail("ada@example.com"));
    expect(atGoogle).toMatchObject({ name: { givenName: "Ada", familyName: "Lovelace" }, suspended: false, password: "Ada-Pa55word-1" });
    expect(await eventually("the remote id", () => remoteIdAtA(user.id))).toBe(atGoogle.id);

    const created = (await attempts(user.id))[0];
    expect(created).toMatchObject({ connectorType: "googleapps", operation: "create", status: "success", httpStatus: 200, attempt: 1 });
    expect(created.request).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/admin\/directory\/v1\/users\n\{"primaryEmail":"ada@example.com"/);
    expect(created.request).toContain('"password":"[redacted]"');
    expect(JSON.stringify(created)).not.toContain("Ada-Pa55word-1");

    expect((await patch(`/Users/${user.id}`, [{ op: "replace", path: "name.givenName", value: "Augusta" }])).status).toBe(200);
    await eventually("the new given name", () => (atGoogle.name.givenName === "Augusta" ? true : undefined));
    expect((await patch(`/Users/${user.id}`, [{ op: "replace", path: "active", value: false }])).status).toBe(200);
    await eventually("the suspension", () => (atGoogle.suspended ? true : undefined));
    // updates went to the same account under its id, and the password stayed
    expect(google.users.get(atGoogle.id)).toBe(atGoogle);
    expect(atGoogle.password).toBe("Ada-Pa55word-1");
    expect((await attempts(user.id)).map((x) => `${x.operation} ${x.status}`)).toEqual(["update success", "update success", "create success"]);

    expect((await admin.scim("DELETE", `/Users/${user.id}`)).status).toBe(204);
    await eventually("the deletion at Google", () => (google.users.has(atGoogle.id) ? undefined : true));
  });

  it("inserts a group with its members, follows membership changes and a rename, and deletes it", async () => {
    const grace = await createUser("grace");
    const alan = await createUser("alan");
    const graceId = (await eventually("grace at Google", () => google.userByEmail("grace@example.com"))).id;
    const alanId = (await eventually("alan at Google", () => google.userByEmail("alan@example.com"))).id;
    const group = await admin.scim("POST", "/Groups", { schemas: [SCHEMAS.group], displayName: "Research Team", members: [{ value: grace.id }] });
    expect(group.status, group.text).toBe(201);

    const atGoogle = await eventually("the group with grace", () => {
      const g = google.groupByEmail("research-team@example.com");
      return g?.members.has(graceId) ? g : undefined;
    });
    expect(atGoogle.name).toBe("Research Team");

    await patch(`/Groups/${group.body.id}`, [
      { op: "add", path: "members", value: [{ value: alan.id }] },
      { op: "remove", path: `members[value eq "${grace.id}"]` },
    ]);
    await eventually("alan in, grace out", () => (atGoogle.members.has(alanId) && !atGoogle.members.has(graceId) ? true : undefined));

    await patch(`/Groups/${group.body.id}`, [{ op: "replace", path: "displayName", value: "Research" }]);
    await eventually("the rename", () => (atGoogle.name === "Research" ? true : undefined));
    // the address people mail to stays
    expect(atGoogle.email).toBe("research-team@example.com");

    expect((await admin.scim("DELETE", `/Groups/${group.body.id}`)).status).toBe(204);
    await eventually("the group's deletion", () => (google.groups.has(atGoogle.id) ? undefined : true));
  });

  it("links a user Google already has, and re-creates one deleted there", async () => {
    const existing = google.addUser({ primaryEmail: "linus@example.com", givenName: "L", familyName: "T" });
    const user = await createUser("linus", { name: { givenName: "Linus", familyName: "Torvalds" } });
    const linked = await eventually("the link", async () => (await attempts(user.id)).find((x) => x.status === "success"));
    expect(linked).toMatchObject({ operation: "link+update", httpStatus: 200 });
    expect(await remoteIdAtA(user.id)).toBe(existing.id);
    expect(existing.name).toEqual({ givenName: "Linus", familyName: "Torvalds" });

    google.users.delete(existing.id);
    await patch(`/Users/${user.id}`, [{ op: "replace", path: "title", value: "Maintainer" }]);
    const recreated = await eventually("the re-create", async () => (await attempts(user.id)).find((x) => x.operation === "re-create"));
    expect(recreated.status).toBe("success");
    const again = google.userByEmail("linus@example.com")!;
    expect(again.id).not.toBe(existing.id);
    expect(await remoteIdAtA(user.id)).toBe(again.id);
  });

  it("logs Google's refusals and outages with their reasons, retrying only what may pass", async () => {
    failInsert("flaky@example.com", 500, googleError(500, "Backend Error", "backendError"));
    failInsert("busy@example.com", 429, googleError(429, "Rate Limit Exceeded", "rateLimitExceeded"));
    failInsert("refused@example.com", 400, googleError(400, "Invalid Input: primary_user_email", "invalid"), false);
    failInsert("garbled@example.com", 200, "<html>a proxy's page</html>", false);
    const [flaky, busy, refused, garbled] = [await createUser("flaky"), await createUser("busy"), await createUser("refused"), await createUser("garbled")];

    for (const [user, status, message] of [
      [flaky, 500, /^create user: Google \(127\.0\.0\.1:\d+\) answered HTTP 500 Internal Server Error \(Backend Error, backendError\)$/],
      [busy, 429, /^create user: Google \(127\.0\.0\.1:\d+\) answered HTTP 429 Too Many Requests \(Rate Limit Exceeded, rateLimitExceeded\); the other changes queued for Google Workspace wait until/],
    ] as const) {
      const tries = await eventually(`${user.userName} retried and delivered`, async () => {
        const all = await attempts(user.id);
        return all.some((x) => x.status === "success") ? all : undefined;
      });
      expect(tries.map((x) => `${x.attempt} ${x.status} ${x.httpStatus}`)).toEqual(["2 success 200", `1 retrying ${status}`]);
      expect(tries[1].error).toMatch(message);
      expect(tries[1].response).toMatch(new RegExp(`^HTTP ${status}`));
    }

    for (const [user, message] of [
      [refused, /^create user: Google \(127\.0\.0\.1:\d+\) answered HTTP 400 Bad Request \(Invalid Input: primary_user_email, invalid\)$/],
      [garbled, /^create user: Google returned an unexpected response \(HTTP 200\): the body is not JSON$/],
    ] as const) {
      const [dead] = await eventually(`${user.userName} dead`, async () => {
        const all = await attempts(user.id);
        return all.length ? all : undefined;
      });
      expect(dead).toMatchObject({ attempt: 1, status: "dead", eventStatus: "dead" });
      expect(dead.error).toMatch(message);
    }
    // refusals are not tried again
    await new Promise((r) => setTimeout(r, 600));
    expect(await attempts(refused.id)).toHaveLength(1);
    expect(await attempts(garbled.id)).toHaveLength(1);
    google.clearIntercepts();
  });

  it("says what to check when Google refuses the service account, and delivers once the settings are mended", async () => {
    const undelegated = google.serviceAccount({ delegatedScopes: [] });
    expect((await admin.api("PUT", `${IDPS}/${connectionId}/connectors/googleapps`, { config: settings(undelegated) })).status).toBe(200);
    const user = await createUser("blocked");
    const [dead] = await eventually("the refused attempt", async () => {
      const all = await attempts(user.id);
      return all.length ? all : undefined;
    });
    expect(dead).toMatchObject({ attempt: 1, status: "dead", httpStatus: 401, operation: "create" });
    expect(dead.error).toMatch(
      new RegExp(
        `^create user: Google's token endpoint \\(127\\.0\\.0\\.1:\\d+\\) answered HTTP 401 Unauthorized \\(unauthorized_client: .*\\); the service account could not sign in as ${ADMIN}: domain-wide delegation is missing or lacks a scope: .* must list client ID ${undelegated.clientId} with the scopes https://www.googleapis.com/auth/admin.directory.user,https://www.googleapis.com/auth/admin.directory.group$`,
      ),
    );
    expect(dead.request).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/token \(token request for admin@example\.com\)$/);
    expect(google.userByEmail("blocked@example.com")).toBeUndefined();

    // the administrator saves a delegated key (left empty, the other secret stays) and retries the change
    const mended = await admin.api("PUT", `${IDPS}/${connectionId}/connectors/googleapps`, { config: settings(account) });
    expect(mended.status, mended.text).toBe(200);
    const retried = await admin.api("POST", `${LOG}/retry`, { connectorId });
    expect(retried.status, retried.text).toBe(200);
    await eventually("blocked delivered", () => google.userByEmail("blocked@example.com"));
    expect((await attempts(user.id)).map((x) => `${x.attempt} ${x.status}`)).toEqual(["1 success", "1 dead"]);
  });
});
