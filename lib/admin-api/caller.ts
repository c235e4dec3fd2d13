import { consoleSession } from "../auth/session.ts";
import { refuseForeignOrigin, type OriginRefusal } from "../auth/request-origin.ts";
import type { Actor } from "../identity/audit.ts";
import { ScimError } from "../scim/errors.ts";
import { authenticate, requirePermission } from "../scim-server/auth.ts";
import { provisio } from "../server/current.ts";
import { config } from "../env.ts";

/** Who calls the admin API, whichever way they authenticated. */
export interface AdminCaller {
  userId: string;
  userName: string;
  permissions: Set<string>;
  /** the name and channel audit entries record: "api" for scripts, "console" for the console's own pages */
  actor: Actor;
}

export type CallerOutcome = { caller: AdminCaller } | { refusal: OriginRefusal };

/**
 * An Authorization header (HTTP Basic or an OAuth 2.0 bearer token) authenticates as for any script. Without
 * one, the console's session cookie may: the browser attaches it on its own, so a write must then prove it
 * comes from the console's pages, exactly as the origin check asks of ambient credentials.
 */
export async function authenticateCaller(req: Request, permission: string): Promise<CallerOutcome> {
  const expectedOrigin = new URL(config().baseUrl).origin;
  // a page of another origin is refused first, whatever it sends: a browser may attach Basic credentials it remembers
  const foreign = refuseForeignOrigin(req, expectedOrigin, { ambientCredentials: false });
  if (foreign) return { refusal: foreign };
  if (req.headers.get("authorization")) {
    const principal = await authenticate(provisio().sql, req);
    requirePermission(principal, permission);
    return { caller: { userId: principal.userId, userName: principal.userName, permissions: principal.permissions, actor: { ...principal.actor, channel: "api" } } };
  }
  const session = await consoleSession();
  if (!session) throw new ScimError(401, "Authentication required: use HTTP Basic, an OAuth 2.0 bearer token or a console session");
  const ambient = refuseForeignOrigin(req, expectedOrigin, { ambientCredentials: true });
  if (ambient) return { refusal: ambient };
  if (!session.permissions.has(permission)) throw new ScimError(403, `Operation not permitted: requires ${permission}`);
  return { caller: { ...session, actor: { name: session.userName, channel: "console" } } };
}
