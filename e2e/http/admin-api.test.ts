import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApi31Errors } from "../../test/support/openapi-validator";
import { fetchAdminApi } from "../support/admin-api-contract";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ScimClient, SCHEMAS, type Json, type ScimResponse } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

const APPS = "/api/server/v1/applications";
const RESIDENT_INBOUND = "/api/server/v1/resident-application/inbound-provisioning";

let serial = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`;

/** WSO2's error body, with the status the test expects. */
function expectAdminError(res: ScimResponse, status: number, code?: string) {
  expect({ status: res.status, body: res.body }, res.text).toMatchObject({ status, body: { message: expect.any(String), description: expect.any(String), traceId: expect.any(String) } });
  if (code) expect(res.body.code).toBe(code);
}

/** Nothing secret-like in a body that should carry none: no secret, no hash of one. */
function expectNoSecret(res: ScimResponse) {
  expect(res.text).not.toMatch(/secret"\s*:/i);
  expect(res.text).not.toMatch(/hash/i);
}

describe.each(DIALECTS)("admin API on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ScimClient(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  async function createApp(body: Record<string, unknown>): Promise<Json> {
    const res = await admin.api("POST", APPS, body);
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  it("serves an OpenAPI 3.1 document of the whole surface without authentication", async () => {
    const res = await fetchAdminApi(`${server.baseUrl}/api/server/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    // the document as served, not only as built, passes the specification's JSON Schema
    expect(await openApi31Errors(doc)).toEqual([]);
    expect(doc.servers).toEqual([{ url: "/api/server/v1" }]);
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((k) => ["get", "put", "post", "patch", "delete"].includes(k))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    // other modules add their own sections; these are the ones this surface started with
    expect(operations).toEqual(
      expect.arrayContaining([
        "GET /applications",
        "POST /applications",
        "GET /applications/{id}",
        "PATCH /applications/{id}",
        "DELETE /applications/{id}",
        "POST /applications/{id}/regenerate-secret",
        "GET /applications/{id}/inbound-provisioning",
        "PUT /applications/{id}/inbound-provisioning",
        "GET /resident-application/inbound-provisioning",
        "PUT /resident-application/inbound-provisioning",
        "GET /userstores",
        "POST /userstores",
        "DELETE /userstores/{domain}",
        "GET /schemas/custom-user/attributes",
        "POST /schemas/custom-user/attributes",
        "DELETE /schemas/custom-user/attributes/{name}",
        "GET /settings/{key}",
        "PUT /settings/{key}",
        "GET /openapi.json",
      ]),
    );
    // every reference points at something the document defines
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, kind, name] of refs) expect(doc.components[kind]?.[name], `${kind}/${name}`).toBeDefined();
    expect(doc.paths["/applications"].post.security).toEqual([{ basicAuth: [] }, { oauth2: ["internal_application_mgt_update"] }]);
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
  });

  it("creates, lists, reads, patches and deletes an application; the secret only comes with create and regenerate", async () => {
    const name = unique("Billing sync");
    const created = await admin.api("POST", APPS, { name, scopes: ["internal_user_mgt_list"] });
    expect(created.status, created.text).toBe(201);
    const app = created.body;
    expect(app).toMatchObject({
      name,
      description: "",
      kind: "m2m",
      grantTypes: ["client_credentials"],
      scopes: ["internal_user_mgt_list"],
      redirectUris: [],
      tokenEndpointAuthMethod: "client_secret_basic",
      accessTokenLifetime: 900,
      inbound: { userStore: "PRIMARY", proxyMode: false },
      version: 1,
    });
    expect(app.clientId).toEqual(expect.any(String));
    expect(app.clientSecret).toEqual(expect.any(String));
    expect(app.clientSecret.length).toBeGreaterThanOrEqual(32);
    expect(created.headers.get("location")).toBe(`${APPS}/${app.id}`);
    expect(created.text).not.toMatch(/hash/i);

    const listed = await admin.api("GET", APPS);
    expect(listed.status).toBe(200);
    expectNoSecret(listed);
    expect(listed.body.map((a: Json) => a.id)).toContain(app.id);
    expect(listed.body.map((a: Json) => a.kind)).not.toContain("resident");

    const got = await admin.api("GET", `${APPS}/${app.id}`);
    expect(got.status).toBe(200);
    expectNoSecret(got);
    const { clientSecret, ...withoutSecret } = app;
    expect(got.body).toEqual(withoutSecret);
    expect(got.text).not.toContain(clientSecret);

    // PATCH changes what it sends and keeps the rest
    const patched = await admin.api("PATCH", `${APPS}/${app.id}`, { description: "Syncs invoices", scopes: ["internal_user_mgt_list", "internal_user_mgt_create"] });
    expect(patched.status, patched.text).toBe(200);
    expectNoSecret(patched);
    expect(patched.body).toMatchObject({
      name,
      description: "Syncs invoices",
      kind: "m2m",
      grantTypes: ["client_credentials"],
      scopes: ["internal_user_mgt_list", "internal_user_mgt_create"],
      clientId: app.clientId,
      version: 2,
    });

    // a new kind without grant types takes that kind's defaults
    const web = await admin.api("PATCH", `${APPS}/${app.id}`, { kind: "web", redirectUris: ["https://billing.example.com/callback"] });
    expect(web.status, web.text).toBe(200);
    expect(web.body).toMatchObject({ kind: "web", grantTypes: ["authorization_code", "refresh_token"], redirectUris: ["https://billing.example.com/callback"], description: "Syncs invoices" });

    const regenerated = await admin.api("POST", `${APPS}/${app.id}/regenerate-secret`);
    expect(regenerated.status, regenerated.text).toBe(200);
    expect(regenerated.body).toMatchObject({ id: app.id, clientId: app.clientId });
    expect(regenerated.body.clientSecret).toEqual(expect.any(String));
    expect(regenerated.body.clientSecret).not.toBe(clientSecret);
    expect(regenerated.text).not.toMatch(/hash/i);
    const after = await admin.api("GET", `${APPS}/${app.id}`);
    expectNoSecret(after);
    expect(after.body.tokensNotBefore).toEqual(expect.any(String));

    expect((await admin.api("DELETE", `${APPS}/${app.id}`)).status).toBe(204);
    expectAdminError(await admin.api("GET", `${APPS}/${app.id}`), 404, "NOT_FOUND");
    expectAdminError(await admin.api("DELETE", `${APPS}/${app.id}`), 404, "NOT_FOUND");
    expectAdminError(await admin.api("PATCH", `${APPS}/${app.id}`, { description: "x" }), 404);
    expectAdminError(await admin.api("POST", `${APPS}/${app.id}/regenerate-secret`), 404);
    expect((await admin.api("GET", APPS)).body.map((a: Json) => a.id)).not.toContain(app.id);
  });

  it("answers bad input with 400 and a description naming the field, and changes nothing", async () => {
    const noRedirect = await admin.api("POST", APPS, { name: unique("web"), kind: "web" });
    expectAdminError(noRedirect, 400, "INVALID_INPUT");
    expect(noRedirect.body.description).toMatch(/^redirectUris: .*redirect URI/);

    const unknownScope = await admin.api("POST", APPS, { name: unique("scoped"), scopes: ["internal_user_mgt_list", "internal_everything"] });
    expectAdminError(unknownScope, 400, "INVALID_INPUT");
    expect(unknownScope.body.description).toBe('scopes: Unknown scope "internal_everything"');

    expectAdminError(await admin.api("POST", APPS, { name: "" }), 400, "INVALID_INPUT");
    expectAdminError(await admin.api("POST", APPS, { name: unique("uri"), kind: "web", redirectUris: ["not a url"] }), 400, "INVALID_INPUT");
    expectAdminError(await admin.api("POST", APPS, "{not json"), 400, "INVALID_JSON");

    const name = unique("Taken");
    const app = await createApp({ name });
    expectAdminError(await admin.api("POST", APPS, { name: name.toUpperCase() }), 409, "CONFLICT");

    // a PATCH that breaks a rule is refused as a whole
    const bad = await admin.api("PATCH", `${APPS}/${app.id}`, { description: "changed", scopes: ["nope"] });
    expectAdminError(bad, 400, "INVALID_INPUT");
    expect(bad.body.description).toBe('scopes: Unknown scope "nope"');
    expectAdminError(await admin.api("PATCH", `${APPS}/${app.id}`, { grantTypes: ["authorization_code"] }), 400, "INVALID_INPUT");
    expectAdminError(await admin.api("PATCH", `${APPS}/${app.id}`, [1, 2]), 400, "INVALID_INPUT");
    const unchanged = await admin.api("GET", `${APPS}/${app.id}`);
    expect(unchanged.body).toMatchObject({ description: "", scopes: [], version: 1 });
  });

  it("refuses bodies that are not valid UTF-8 or hold a lone surrogate, instead of storing U+FFFD", async () => {
    const invalid = new Uint8Array(Buffer.concat([Buffer.from('{"name":"bad-'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    const res = await admin.api("POST", APPS, invalid);
    expectAdminError(res, 400, "INVALID_INPUT");
    expect(res.body.description).toContain("UTF-8");
    const lone = await admin.api("POST", APPS, '{"name":"lone-\\ud800"}');
    expectAdminError(lone, 400, "INVALID_INPUT");
    expect(lone.body.description).toContain("surrogate");
    const listed = await admin.api("GET", APPS);
    expect(JSON.stringify(listed.body)).not.toMatch(/bad-|lone-/);
  });

  it("refuses calls without credentials or with wrong ones with 401", async () => {
    for (const [method, path] of [
      ["GET", APPS],
      ["POST", APPS],
      ["GET", RESIDENT_INBOUND],
      ["PUT", RESIDENT_INBOUND],
    ] as const) {
      const res = await fetchAdminApi(server.baseUrl + path, {
        method,
        headers: { "content-type": "application/json" },
        body: method === "GET" ? undefined : JSON.stringify({ name: unique("anonymous"), userStore: "PRIMARY" }),
      });
      const text = await res.text();
      expectAdminError({ status: res.status, headers: res.headers, body: JSON.parse(text), text }, 401, "UNAUTHENTICATED");
    }
    expect((await admin.api("GET", APPS)).body.map((a: Json) => a.name)).not.toContain(expect.stringMatching(/^anonymous-/));
    expectAdminError(await admin.as({ user: "admin", password: "wrong" }).api("GET", APPS), 401, "UNAUTHENTICATED");
    const bearer = await fetchAdminApi(`${server.baseUrl}${APPS}`, { headers: { authorization: "Bearer not-a-token" } });
    expect(bearer.status).toBe(401);
  });

  it("refuses a user without the application permissions with 403", async () => {
    const userName = unique("plain.user");
    const password = "plain user password";
    const created = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName, password });
    expect(created.status, created.text).toBe(201);
    const plain = admin.as({ user: userName, password });

    expectAdminError(await plain.api("GET", APPS), 403, "FORBIDDEN");
    expectAdminError(await plain.api("POST", APPS, { name: unique("sneaky") }), 403, "FORBIDDEN");
    expectAdminError(await plain.api("GET", RESIDENT_INBOUND), 403, "FORBIDDEN");
    expectAdminError(await plain.api("PUT", RESIDENT_INBOUND, { userStore: "PRIMARY" }), 403, "FORBIDDEN");
    const app = await createApp({ name: unique("guarded") });
    expectAdminError(await plain.api("POST", `${APPS}/${app.id}/regenerate-secret`), 403, "FORBIDDEN");
    expectAdminError(await plain.api("DELETE", `${APPS}/${app.id}`), 403, "FORBIDDEN");
    expect((await admin.api("GET", `${APPS}/${app.id}`)).status).toBe(200);
  });

  it("round-trips the resident inbound provisioning settings, and SCIM creates follow them", async () => {
    expect((await admin.api("GET", RESIDENT_INBOUND)).body).toEqual({ userStore: "PRIMARY", proxyMode: false });
    const domain = unique("INB").toUpperCase().replaceAll("-", "_");
    expect((await admin.api("POST", "/api/server/v1/userstores", { domain })).status).toBe(201);

    const proxied = await admin.api("PUT", RESIDENT_INBOUND, { userStore: domain.toLowerCase(), proxyMode: true });
    expect(proxied.status, proxied.text).toBe(200);
    expect(proxied.body).toEqual({ userStore: domain, proxyMode: true });
    expect((await admin.api("GET", RESIDENT_INBOUND)).body).toEqual({ userStore: domain, proxyMode: true });

    const unknown = await admin.api("PUT", RESIDENT_INBOUND, { userStore: "NO_SUCH_STORE", proxyMode: false });
    expectAdminError(unknown, 400);
    expect(unknown.body.description).toMatch(/NO_SUCH_STORE/);
    expectAdminError(await admin.api("PUT", RESIDENT_INBOUND, { proxyMode: false }), 400, "INVALID_INPUT");
    expect((await admin.api("GET", RESIDENT_INBOUND)).body).toEqual({ userStore: domain, proxyMode: true });

    try {
      expect((await admin.api("PUT", RESIDENT_INBOUND, { userStore: domain, proxyMode: false })).body).toEqual({ userStore: domain, proxyMode: false });
      // saved through this instance: SCIM, on the same instance, follows at once
      const user = await admin.scim("POST", "/Users", { schemas: [SCHEMAS.user], userName: unique("inbound.kim") });
      expect(user.status, user.text).toBe(201);
      expect(user.body.userName).toMatch(new RegExp(`^${domain}/`));
    } finally {
      expect((await admin.api("PUT", RESIDENT_INBOUND, { userStore: "PRIMARY", proxyMode: false })).body).toEqual({ userStore: "PRIMARY", proxyMode: false });
    }
  });

  it("answers 404 for a setting key that is not a setting, even one every JavaScript object has", async () => {
    for (const key of ["noSuchSetting", "toString", "constructor"]) {
      expectAdminError(await admin.api("GET", `/api/server/v1/settings/${key}`), 404, "NOT_FOUND");
      expectAdminError(await admin.api("PUT", `/api/server/v1/settings/${key}`, { enabled: true }), 404, "NOT_FOUND");
    }
  });

  it("round-trips an application's inbound settings and keeps the resident one out of /applications", async () => {
    const app = await createApp({ name: unique("inbound-app") });
    const path = `${APPS}/${app.id}/inbound-provisioning`;
    expect((await admin.api("GET", path)).body).toEqual({ userStore: "PRIMARY", proxyMode: false });
    const domain = unique("APP").toUpperCase().replaceAll("-", "_");
    expect((await admin.api("POST", "/api/server/v1/userstores", { domain })).status).toBe(201);
    expect((await admin.api("PUT", path, { userStore: domain, proxyMode: true })).body).toEqual({ userStore: domain, proxyMode: true });
    expect((await admin.api("GET", `${APPS}/${app.id}`)).body.inbound).toEqual({ userStore: domain, proxyMode: true });

    const unknown = await admin.api("PUT", path, { userStore: "NOWHERE" });
    expectAdminError(unknown, 400);
    expect(unknown.body.description).toMatch(/NOWHERE/);
    expectAdminError(await admin.api("PUT", `${APPS}/missing/inbound-provisioning`, { userStore: "PRIMARY" }), 404);
    // the resident settings did not move
    expect((await admin.api("GET", RESIDENT_INBOUND)).body.userStore).toBe("PRIMARY");

    expectAdminError(await admin.api("GET", `${APPS}/resident`), 404);
    expectAdminError(await admin.api("DELETE", `${APPS}/resident`), 404);
    expectAdminError(await admin.api("GET", `${APPS}/resident/inbound-provisioning`), 404);
  });
});
