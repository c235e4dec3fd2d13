import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { Sql } from "../db/sql.ts";
import { decryptText, encryptText, randomToken } from "../crypto/crypto.ts";
import { isUniqueViolation } from "../identity/errors.ts";
import type { Columns } from "../generated/tables.ts";

export interface SigningKeyRecord {
  kid: string;
  jwk: JWK;
  createdAt: Date;
  retired: boolean;
}

const PURPOSE = "oidc-signing-key";

async function newKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  return { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
}

/** Every signing key, newest first: the first active one signs, all of them verify. */
export async function loadSigningKeys(sql: Sql, secret: string): Promise<SigningKeyRecord[]> {
  const rows = await sql.all<Columns<"SigningKey", "kid" | "jwk" | "createdAt" | "retiredAt">>(`SELECT * FROM "SigningKey" ORDER BY "createdAt" DESC, "kid" DESC`);
  return rows.map((r) => ({
    kid: r.kid,
    jwk: JSON.parse(decryptText(secret, r.jwk, PURPOSE)) as JWK,
    createdAt: new Date(String(r.createdAt instanceof Date ? r.createdAt.toISOString() : r.createdAt)),
    retired: r.retiredAt !== null && r.retiredAt !== undefined,
  }));
}

/**
 * Generates the first key on first start. Instances starting together race on one fixed kid: the loser's insert
 * fails and it uses the winner's key, so every instance signs and verifies with the same key set.
 */
export async function ensureSigningKeys(sql: Sql, secret: string): Promise<SigningKeyRecord[]> {
  const existing = await loadSigningKeys(sql, secret);
  if (existing.length) return existing;
  try {
    await sql.run(`INSERT INTO "SigningKey" ("kid", "alg", "jwk", "createdAt") VALUES (?, ?, ?, ?)`, [
      "key-1",
      "RS256",
      encryptText(secret, JSON.stringify(await newKey("key-1")), PURPOSE),
      new Date(),
    ]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return loadSigningKeys(sql, secret);
}

/** Adds a new signing key and retires the others; they stay published so tokens they signed remain valid. */
export async function rotateSigningKey(sql: Sql, secret: string): Promise<string> {
  const kid = `key-${Date.now().toString(36)}-${randomToken(4)}`;
  const sealed = encryptText(secret, JSON.stringify(await newKey(kid)), PURPOSE);
  await sql.transaction(async (tx) => {
    await tx.run(`UPDATE "SigningKey" SET "retiredAt" = ? WHERE "retiredAt" IS NULL`, [new Date()]);
    await tx.run(`INSERT INTO "SigningKey" ("kid", "alg", "jwk", "createdAt") VALUES (?, ?, ?, ?)`, [kid, "RS256", sealed, new Date()]);
  });
  return kid;
}

export function publicJwk(jwk: JWK): JWK {
  const { d, p, q, dp, dq, qi, ...pub } = jwk;
  return pub;
}
