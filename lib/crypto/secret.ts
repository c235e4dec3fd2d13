import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The key for sessions and for encrypting stored secrets: PROVISIO_SECRET when set (required to be the same on
 * every instance sharing a database), else generated once into the data folder.
 */
export function resolveSecret(dataDir: string, fromEnv?: string): string {
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    // another instance sharing the data folder wrote it first
    return readFileSync(file, "utf8").trim();
  }
}
