import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportJWK, generateKeyPair } from "jose";
import type { Sql } from "../db/sql";
import { encryptText } from "../crypto/crypto";
import { testDatabase } from "../../test/support/test-database";
import { ensureSigningKeys, loadSigningKeys, rotateSigningKeys, signingKeyFor } from "./keys";

const SECRET = "keys-test-secret-keys-test-secret-0123456";
let sql: Sql;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ sql, cleanup } = await testDatabase());
});
afterEach(() => cleanup());

/** The key set of a deployment from before keys had an algorithm of their own choosing: one RS256 key. */
async function rs256Only() {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  const jwk = { ...(await exportJWK(privateKey)), kid: "key-1", alg: "RS256", use: "sig" };
  await sql.run(`INSERT INTO "SigningKey" ("kid", "alg", "jwk", "createdAt") VALUES (?, ?, ?, ?)`, ["key-1", "RS256", encryptText(SECRET, JSON.stringify(jwk), "oidc-signing-key"), new Date()]);
  return jwk;
}

describe("signing keys per algorithm", () => {
  it.each([
    { alg: "ES256" as const, kty: "EC", crv: "P-256" },
    { alg: "RS256" as const, kty: "RSA", crv: undefined },
  ])("gives a fresh key set an active $alg key that signingKeyFor picks", async ({ alg, kty, crv }) => {
    const keys = await ensureSigningKeys(sql, SECRET);
    const key = signingKeyFor(keys, alg);
    expect(key).toMatchObject({ alg, retired: false, jwk: { alg, kty, use: "sig", kid: key!.kid } });
    expect(key!.jwk.crv).toBe(crv);
    expect(keys.filter((k) => k.alg === alg)).toHaveLength(1);
  });

  it("adds an ES256 key to a key set that has only its RS256 key, and keeps that key as it was", async () => {
    const before = await rs256Only();
    const keys = await ensureSigningKeys(sql, SECRET);
    expect(keys.map((k) => [k.kid, k.alg, k.retired])).toEqual([
      ["key-1", "RS256", false],
      ["es256-key-1", "ES256", false],
    ]);
    expect(signingKeyFor(keys, "RS256")!.jwk).toEqual(before);
    expect(signingKeyFor(keys, "ES256")!.jwk).toMatchObject({ kty: "EC", crv: "P-256" });
  });

  it("gives instances starting together one key set", async () => {
    await rs256Only();
    const [a, b, c] = await Promise.all([ensureSigningKeys(sql, SECRET), ensureSigningKeys(sql, SECRET), ensureSigningKeys(sql, SECRET)]);
    const stored = await loadSigningKeys(sql, SECRET);
    expect(stored).toHaveLength(2);
    for (const seen of [a, b, c]) expect(seen.map((k) => k.jwk)).toEqual(stored.map((k) => k.jwk));
  });

  it("rotates both algorithms: new active keys sign, the old ones stay to verify", async () => {
    const first = await ensureSigningKeys(sql, SECRET);
    const rotated = await rotateSigningKeys(sql, SECRET);
    const keys = await loadSigningKeys(sql, SECRET);
    for (const alg of ["ES256", "RS256"] as const) {
      expect(signingKeyFor(keys, alg)!.kid).toBe(rotated[alg]);
      expect(signingKeyFor(keys, alg)!.kid).not.toBe(signingKeyFor(first, alg)!.kid);
      expect(keys.find((k) => k.kid === signingKeyFor(first, alg)!.kid)).toMatchObject({ alg, retired: true });
    }
    expect(keys.map((k) => k.retired)).toEqual([false, false, true, true]);
    // a restart after the rotation adds nothing
    expect((await ensureSigningKeys(sql, SECRET)).map((k) => k.kid)).toEqual(keys.map((k) => k.kid));
  });
});
