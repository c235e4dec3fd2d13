import type { Sql } from "../db/sql.ts";
import { applicationByClientId } from "../identity/applications.ts";
import { secretFingerprint } from "./bearer.ts";

type Payload = Record<string, unknown>;

/**
 * Whether a stored token was issued under a client secret regenerated since, so its holder must not use it
 * (applications.ts promises that of every token): an opaque access token (userinfo) carries the secret's
 * fingerprint in its extra claims, exact; a refresh token only its issue time, in whole seconds, so one issued
 * in an earlier second than the regeneration counts as older (one from that very second stays, since it may
 * be the first issued with the new secret). Read from the database, so it holds on every instance at once.
 */
export async function issuedUnderOldSecret(sql: Sql, model: string, payload: Payload): Promise<boolean> {
  if (model !== "AccessToken" && model !== "RefreshToken") return false;
  const clientId = payload.clientId;
  if (typeof clientId !== "string") return false;
  const app = await applicationByClientId(sql, clientId);
  if (!app) return true;
  const sv = (payload.extra as { sv?: unknown } | undefined)?.sv;
  if (typeof sv === "string") return sv !== secretFingerprint(app.clientSecretHash);
  const iat = Number(payload.iat);
  return app.tokensNotBefore !== null && Number.isFinite(iat) && iat < Math.floor(app.tokensNotBefore.getTime() / 1000);
}
