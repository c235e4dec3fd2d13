import { config } from "../env.ts";
import { resolveSecret } from "../crypto/secret.ts";

let cached: string | undefined;

/** The key connector secrets are encrypted with: the same on every instance sharing the database. */
export function serverSecret(): string {
  cached ??= config().secret ?? resolveSecret(config().dataDir);
  return cached;
}
