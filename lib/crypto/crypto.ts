import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Encryption of stored secrets (signing keys, connector credentials) with a key derived from the server secret.
 * AES-256-GCM: a tampered or foreign ciphertext fails to decrypt instead of yielding garbage.
 */
function keyFrom(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "provisio", purpose, 32));
}

export function encryptText(secret: string, plain: string, purpose = "stored-secret"): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptText(secret: string, sealed: string, purpose = "stored-secret"): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unrecognised ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret, purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/**
 * Client secrets are 256-bit random strings, so a single SHA-256 is a sufficient one-way hash for them
 * (a slow password hash would only slow every token request).
 */
export function hashClientSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

export function clientSecretMatches(hash: string, candidate: string): boolean {
  const a = Buffer.from(hash);
  const b = Buffer.from(hashClientSecret(candidate));
  return a.length === b.length && timingSafeEqual(a, b);
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}
