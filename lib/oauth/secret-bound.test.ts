import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { createApplication, regenerateSecret } from "../identity/applications";
import { secretFingerprint } from "./bearer";
import { issuedUnderOldSecret } from "./secret-bound";

const actor = { name: "t", channel: "console" } as const;
let sql: Sql;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
});
afterAll(() => cleanup());

const hashOf = async (clientId: string) => (await sql.get<{ h: string }>(`SELECT "clientSecretHash" AS "h" FROM "ServiceProvider" WHERE "clientId" = ?`, [clientId]))!.h;

describe("issuedUnderOldSecret", () => {
  it("ends stored access and refresh tokens issued before a regeneration, and keeps those issued after", async () => {
    const { application } = await createApplication(sql, { name: "Web RP", kind: "web", redirectUris: ["https://rp.example/cb"], scopes: ["openid"] }, actor);
    const clientId = application.clientId!;
    const oldSv = secretFingerprint(await hashOf(clientId));
    const before = Math.floor(Date.now() / 1000) - 1;
    const access = { clientId, iat: before, extra: { sv: oldSv } };
    const refresh = { clientId, iat: before };
    expect(await issuedUnderOldSecret(sql, "AccessToken", access)).toBe(false);
    expect(await issuedUnderOldSecret(sql, "RefreshToken", refresh)).toBe(false);

    await regenerateSecret(sql, application.id, actor);
    expect(await issuedUnderOldSecret(sql, "AccessToken", access)).toBe(true);
    expect(await issuedUnderOldSecret(sql, "RefreshToken", refresh)).toBe(true);
    const now = Math.floor(Date.now() / 1000);
    expect(await issuedUnderOldSecret(sql, "AccessToken", { clientId, iat: now, extra: { sv: secretFingerprint(await hashOf(clientId)) } })).toBe(false);
    expect(await issuedUnderOldSecret(sql, "RefreshToken", { clientId, iat: now })).toBe(false);
  });

  it("ends the tokens of an application that no longer exists, and leaves other kinds of payload alone", async () => {
    expect(await issuedUnderOldSecret(sql, "AccessToken", { clientId: "gone", iat: 1 })).toBe(true);
    expect(await issuedUnderOldSecret(sql, "Session", { clientId: "gone", iat: 1 })).toBe(false);
  });
});
