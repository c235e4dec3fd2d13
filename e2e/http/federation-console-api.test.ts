import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../test/support/prisma-client";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";
import { ScimClient, type Json } from "../support/scim-client";
import { DIALECTS, databaseFor } from "./databases";

/**
 * What the console reads and writes for federated sign-in beyond WSO2's own shapes: the issuer and JWKS URI saved
 * with the OpenID Connect authenticator, whether a connection offers federated sign-in, the users a connection
 * created just in time, and a user's federated identities. Every answer is held to the OpenAPI document.
 */

const IDPS = "/api/server/v1/identity-providers";
const USERS = "/api/server/v1/users";
const OIDC = "T3BlbklEQ29ubmVjdEF1dGhlbnRpY2F0b3I";

let serial = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(serial++).toString(36)}`;
const property = (authenticator: Json, key: string) => (authenticator.properties as { key: string; value: string }[]).find((p) => p.key === key)?.value;

describe.each(DIALECTS)("federation settings for the console on %s", (dialect) => {
  let server: ProvisioInstance;
  let admin: ScimClient;
  let db: Db;

  beforeAll(async () => {
    server = await startProvisio({ databaseUrl: await databaseFor(dialect) });
    admin = new ScimClient(server.baseUrl);
    db = createDb(server.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  async function createConnection(name = unique("Corporate IdP")): Promise<Json> {
    const res = await admin.api("POST", IDPS, { name });
    expect(res.status, res.text).toBe(201);
    return res.body;
  }

  const authenticatorBody = (extra: Record<string, unknown> = {}) => ({
    isEnabled: true,
    properties: [
      { key: "ClientId", value: "provisio-client" },
      { key: "ClientSecret", value: "Idp-Client-Secret-1" },
      { key: "OAuth2AuthzEPUrl", value: "https://idp.example.com/authorize" },
      { key: "OAuth2TokenEPUrl", value: "https://idp.example.com/token" },
      { key: "Scopes", value: "openid profile email groups" },
    ],
    ...extra,
  });

  it("saves the issuer and JWKS URI with the OpenID Connect authenticator, keeps them when left out and clears them when empty", async () => {
    const connection = await createConnection();
    expect(connection).toMatchObject({ federatedSignIn: false, idpIssuerName: "", certificate: { jwksUri: "" }, callbackUrl: `${server.baseUrl}/commonauth` });

    const put = await admin.api("PUT", `${IDPS}/${connection.id}/federated-authenticators/${OIDC}`, {
      ...authenticatorBody(),
      idpIssuerName: "https://idp.example.com",
      certificate: { jwksUri: "https://idp.example.com/jwks" },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.body).toMatchObject({ authenticatorId: OIDC, isEnabled: true, clientSecretSet: true });
    expect(put.text).not.toContain("Idp-Client-Secret-1");

    let detail = await admin.api("GET", `${IDPS}/${connection.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ federatedSignIn: true, idpIssuerName: "https://idp.example.com", certificate: { jwksUri: "https://idp.example.com/jwks" } });
    expect(property(detail.body.federatedAuthenticators.authenticators[0], "ClientId")).toBe("provisio-client");
    expect(detail.text).not.toContain("Idp-Client-Secret-1");

    // left out (a WSO2 script's body): issuer, JWKS URI and the secret stay
    const { properties } = authenticatorBody();
    const again = await admin.api("PUT", `${IDPS}/${connection.id}/federated-authenticators/${OIDC}`, { isEnabled: true, properties: properties.filter((p) => p.key !== "ClientSecret") });
    expect(again.status, again.text).toBe(200);
    expect(again.body.clientSecretSet).toBe(true);
    detail = await admin.api("GET", `${IDPS}/${connection.id}`);
    expect(detail.body).toMatchObject({ idpIssuerName: "https://idp.example.com", certificate: { jwksUri: "https://idp.example.com/jwks" } });

    // empty: cleared; disabled: no federated sign-in
    const cleared = await admin.api("PUT", `${IDPS}/${connection.id}/federated-authenticators/${OIDC}`, {
      ...authenticatorBody({ isEnabled: false }),
      idpIssuerName: "",
      certificate: { jwksUri: "" },
    });
    expect(cleared.status, cleared.text).toBe(200);
    detail = await admin.api("GET", `${IDPS}/${connection.id}`);
    expect(detail.body).toMatchObject({ federatedSignIn: false, idpIssuerName: "", certificate: { jwksUri: "" } });
  });

  it("refuses a JWKS URI that is not an http(s) URL, naming the field, and saves nothing", async () => {
    const connection = await createConnection();
    const res = await admin.api("PUT", `${IDPS}/${connection.id}/federated-authenticators/${OIDC}`, { ...authenticatorBody(), certificate: { jwksUri: "ftp://idp.example.com/jwks" } });
    expect(res.status, res.text).toBe(400);
    expect(Object.keys(res.body.fieldErrors ?? {})).toEqual(["oidc.jwksUri"]);
    const detail = await admin.api("GET", `${IDPS}/${connection.id}`);
    expect(detail.body.federatedAuthenticators.authenticators).toEqual([]);
  });

  it("says in the list which connections offer federated sign-in", async () => {
    const [plain, federated] = [await createConnection(unique("Outbound only")), await createConnection(unique("Sign-in IdP"))];
    const put = await admin.api("PUT", `${IDPS}/${federated.id}/federated-authenticators/${OIDC}`, authenticatorBody());
    expect(put.status, put.text).toBe(200);
    const list = await admin.api("GET", IDPS);
    expect(list.status).toBe(200);
    const byId = new Map((list.body as Json[]).map((c) => [c.id, c]));
    expect(byId.get(plain.id)).toMatchObject({ name: plain.name, federatedSignIn: false });
    expect(byId.get(federated.id)).toMatchObject({ name: federated.name, federatedSignIn: true });
    expect(list.text).not.toContain("Idp-Client-Secret-1");
  });

  it("lists the users a connection created just in time, and shows a user's federated identities", async () => {
    const connection = await createConnection(unique("Workforce IdP"));
    const created = await Promise.all(
      ["jit.one", "jit.two", "local.one"].map(async (name) => {
        const res = await admin.api("POST", USERS, { domain: "PRIMARY", userName: unique(name), active: true });
        expect(res.status, res.text).toBe(201);
        return res.body;
      }),
    );
    const [jitOne, jitTwo, local] = created;
    // arranged as a JIT sign-in leaves them: the users' provenance and their links
    const signedIn = new Date("2026-03-01T10:00:00.000Z");
    for (const [user, subject] of [
      [jitOne, "subject-1"],
      [jitTwo, "subject-2"],
    ]) {
      await db.user.update({ where: { id: user.id }, data: { source: "jit", sourceConnection: connection.id, sourceSubject: subject } });
      await db.federatedLink.create({ data: { connectionId: connection.id, subject, userId: user.id, lastSignInAt: signedIn } });
    }
    // a local user linked later (associated at sign-in) keeps its local provenance
    await db.federatedLink.create({ data: { connectionId: connection.id, subject: "subject-3", userId: local.id, lastSignInAt: signedIn } });

    const fromConnection = await admin.api("GET", `${USERS}?sourceConnection=${connection.id}&count=50`);
    expect(fromConnection.status, fromConnection.text).toBe(200);
    expect(fromConnection.body.totalResults).toBe(2);
    expect((fromConnection.body.items as Json[]).map((u) => [u.id, u.source, u.sourceConnection]).sort()).toEqual(
      [
        [jitOne.id, "jit", connection.id],
        [jitTwo.id, "jit", connection.id],
      ].sort(),
    );
    const searched = await admin.api("GET", `${USERS}?sourceConnection=${connection.id}&search=${encodeURIComponent(jitTwo.userName)}`);
    expect((searched.body.items as Json[]).map((u) => u.id)).toEqual([jitTwo.id]);
    const nobody = await admin.api("GET", `${USERS}?sourceConnection=no-such-connection`);
    expect(nobody.body).toMatchObject({ totalResults: 0, items: [] });
    // an empty parameter filters nothing
    const everyone = await admin.api("GET", `${USERS}?sourceConnection=&count=200`);
    expect((everyone.body.items as Json[]).map((u) => u.id)).toEqual(expect.arrayContaining([jitOne.id, jitTwo.id, local.id]));

    const jitUser = await admin.api("GET", `${USERS}/${jitOne.id}`);
    expect(jitUser.status).toBe(200);
    expect(jitUser.body).toMatchObject({
      source: "jit",
      sourceConnection: connection.id,
      sourceSubject: "subject-1",
      federatedIdentities: [{ connectionId: connection.id, connectionName: connection.name, subject: "subject-1", lastSignInAt: signedIn.toISOString() }],
    });
    const linkedLocal = await admin.api("GET", `${USERS}/${local.id}`);
    expect(linkedLocal.body).toMatchObject({ source: "local", sourceConnection: null, federatedIdentities: [{ connectionName: connection.name, subject: "subject-3" }] });
    const admins = await admin.api("GET", `${USERS}?search=admin`);
    const adminUser = await admin.api("GET", `${USERS}/${(admins.body.items as Json[]).find((u) => u.userName === "admin").id}`);
    expect(adminUser.body).toMatchObject({ source: "local", federatedIdentities: [] });
  });
});
