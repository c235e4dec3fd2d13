import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProvisio, removeDataDir, freePortAsync, type ProvisioInstance } from "../../support/provisio";
import { ScimClient } from "../../support/scim-client";
import { freshPostgresDatabase } from "../databases";
import { basicClient, bearer, clientCredentialsToken, createApplication, expectScimError, unique } from "../oauth/setup";
import { PASSWORD, createUser } from "../scim/setup";

// Two instances behind one public URL, sharing a PostgreSQL database: what one instance is told applies on the
// other for the very next request, not after a cache expires there.
describe("two instances on one database", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  let adminA: ScimClient;
  let adminB: ScimClient;

  beforeAll(async () => {
    const databaseUrl = await freshPostgresDatabase();
    const publicUrl = `http://localhost:${await freePortAsync()}`;
    const env = { PROVISIO_BASE_URL: publicUrl };
    a = await startProvisio({ databaseUrl, env });
    b = await startProvisio({ databaseUrl, env });
    adminA = new ScimClient(a.baseUrl);
    adminB = new ScimClient(b.baseUrl);
  });
  afterAll(async () => {
    for (const s of [a, b]) {
      if (!s) continue;
      await s.stop();
      removeDataDir(s.dataDir);
    }
  });

  it("ends a token on the other instance at once when its application loses a scope or gets a new secret", async () => {
    const app = await createApplication(adminA, { name: unique("Spread agent "), kind: "m2m", scopes: ["internal_user_mgt_list", "internal_user_mgt_view"] });
    const token = await clientCredentialsToken(a.baseUrl, app, "internal_user_mgt_list internal_user_mgt_view");
    const onB = () => adminB.scim("GET", "/Users?count=1", undefined, bearer(token));
    expect((await onB()).status).toBe(200);

    const narrowed = await adminA.api("PATCH", `/api/server/v1/applications/${app.id}`, { scopes: ["internal_user_mgt_view"] });
    expect(narrowed.status, narrowed.text).toBe(200);
    expectScimError(await onB(), 403);

    const regenerated = await adminA.api("POST", `/api/server/v1/applications/${app.id}/regenerate-secret`);
    expect(regenerated.status, regenerated.text).toBe(200);
    expectScimError(await onB(), 401);
    // and the old secret gets nothing from B's token endpoint either
    const res = await fetch(`${b.baseUrl}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basicClient(app.clientId, app.clientSecret) },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    expect(res.status).toBe(401);
  });

  it("counts failed sign-ins from one address across instances", async () => {
    const userName = unique("spread.user");
    await createUser(adminA, userName, { password: PASSWORD });
    const wrongA = adminA.as({ user: userName, password: "wrong" });
    const wrongB = adminB.as({ user: userName, password: "wrong" });
    for (const client of [wrongA, wrongB, wrongA, wrongB]) expectScimError(await client.scim("GET", "/Me"), 401);
    const fifth = await wrongA.scim("GET", "/Me");
    expect(fifth.body.detail).toMatch(/locked/i);
    const right = await adminB.as({ user: userName, password: PASSWORD }).scim("GET", "/Me");
    expectScimError(right, 401);
    expect(right.body.detail).toMatch(/locked/i);
  });
});
