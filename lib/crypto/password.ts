import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with OWASP's minimum profile: 19 MiB, 2 passes, 1 lane.
export const PASSWORD_HASH_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The hash of a random password nobody knows, with the same parameters as real ones (password.test.ts checks
 * that they stay the same). A sign-in for a name with no account, or for an account without a password, is
 * verified against it, so it costs what a wrong password costs and cannot tell the two apart by its timing.
 */
export const DUMMY_PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$+rtXCSCqbwsmWb+RYdlc/g$PwKN/ljspaW/Gxq1kqcrWxKk1oMx5Cbx4bGvWtmq0uk";

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a malformed hash: a corrupt row must not let anyone in. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
