import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { Sql } from "../db/sql.ts";
import { decryptText, encryptText, randomToken } from "../crypto/crypto.ts";
import { isUniqueViolation } from "../identity/errors.ts";
import { TOKEN_SIGNING_ALGS, type TokenSigningAlg } from "../identity/token-signing-algs.ts";
import type { Columns } from "../generated/tables.ts";

export interface SigningKeyRecord {
  kid: string;
  alg: TokenSigningAlg;
  jwk: JWK;
  createdAt: Date;
  retired: boolean;
}

const PURPOSE = "oidc-signing-key";

/**
 * The kid each algorithm's first key gets. Instances starting together race on it: the loser's insert fails and
 * it uses the winner's key. RS256's is the one deployments have had from the start.
 */
const FIRST_KID: Record<TokenSigningAlg, string> = { RS256: "key-1", ES256: "es256-key-1" };

async function newKey(kid: string, alg: TokenSigningAlg): Promise<JWK> {
  const { privateKey } = alg === "RS256" ? await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 }) : await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: "sig" };
}

const ORDER: Record<TokenSigningAlg, number> = { RS256: 0, ES256: 1 };

/**
 * Every signing key: the active ones first, and among keys alike the RS256 one (what every OpenID Connect client
 * can verify) before the ES256 one, newest first. All of them verify; `signingKeyFor` picks the one that signs.
 */
export async function loadSigningKeys(sql: Sql, secret: string): Promise<SigningKeyRecord[]> {
  const rows = await sql.all<Columns<"SigningKey", "kid" | "alg" | "jwk" | "createdAt" | "retiredAt">>(`SELECT * FROM "SigningKey" ORDER BY "createdAt" DESC, "kid" DESC`);
  const keys = rows.map((r) => ({
    kid: r.kid,
    alg: (r.alg === "ES256" ? "ES256" : "RS256") as TokenSigningAlg,
    jwk: JSON.parse(decryptText(secret, r.jwk, PURPOSE)) as JWK,
    createdAt: new Date(String(r.createdAt instanceof Date ? r.createdAt.toISOString() : r.createdAt)),
    retired: r.retiredAt !== null && r.retiredAt !== undefined,
  }));
  // a stable sort keeps newest first within each group
  return keys.sort((a, b) => Number(a.retired) - Number(b.retired) || ORDER[a.alg] - ORDER[b.alg]);
}

/** The key that signs with `alg`: the newest active one of that algorithm. */
export function signingKeyFor(keys: SigningKeyRecord[], alg: TokenSigningAlg): SigningKeyRecord | undefined {
  return keys.find((k) => k.alg === alg && !k.retired);
}

/**
 * Gives the key set a key for every algorithm it lacks: on first start both, and a deployment that had only its
 * RS256 key gains an ES256 one (its RS256 key stays, for the applications that choose RS256).
 */
export async function ensureSigningKeys(sql: Sql, secret: string): Promise<SigningKeyRecord[]> {
  const existing = await loadSigningKeys(sql, secret);
  const missing = TOKEN_SIGNING_ALGS.filter((alg) => !existing.some((k) => k.alg === alg));
  if (!missing.length) return existing;
  for (const alg of missing) {
    try {
      await sql.run(`INSERT INTO "SigningKey" ("kid", "alg", "jwk", "createdAt") VALUES (?, ?, ?, ?)`, [
        FIRST_KID[alg],
        alg,
        encryptText(secret, JSON.stringify(await newKey(FIRST_KID[alg], alg)), PURPOSE),
        new Date(),
      ]);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return loadSigningKeys(sql, secret);
}

/**
 * Adds a new key for every algorithm and retires the others; they stay published so tokens they signed remain
 * valid. Returns the new kids, by algorithm.
 */
export async function rotateSigningKeys(sql: Sql, secret: string): Promise<Record<TokenSigningAlg, string>> {
  const stamp = `${Date.now().toString(36)}-${randomToken(4)}`;
  const fresh = await Promise.all(
    TOKEN_SIGNING_ALGS.map(async (alg) => {
      const kid = `${alg === "RS256" ? "key" : "es256-key"}-${stamp}`;
      return { alg, kid, sealed: encryptText(secret, JSON.stringify(await newKey(kid, alg)), PURPOSE) };
    }),
  );
  await sql.transaction(async (tx) => {
    await tx.run(`UPDATE "SigningKey" SET "retiredAt" = ? WHERE "retiredAt" IS NULL`, [new Date()]);
    for (const k of fresh) await tx.run(`INSERT INTO "SigningKey" ("kid", "alg", "jwk", "createdAt") VALUES (?, ?, ?, ?)`, [k.kid, k.alg, k.sealed, new Date()]);
  });
  return Object.fromEntries(fresh.map((k) => [k.alg, k.kid])) as Record<TokenSigningAlg, string>;
}

export function publicJwk(jwk: JWK): JWK {
  const { d, p, q, dp, dq, qi, ...pub } = jwk;
  return pub;
}
