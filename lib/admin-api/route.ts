import { checkedJsonRequest } from "../server/strict-utf8.ts";
import type { Actor } from "../identity/audit.ts";
import { authenticateCaller, type AdminCaller } from "./caller.ts";
import { adminError, adminErrorFrom } from "./errors.ts";

export interface AdminContext {
  caller: AdminCaller;
  /** who the audit log names for a change: the caller through the channel it came by */
  actor: Actor;
  params: Record<string, string>;
}

type Handler = (req: Request, ctx: AdminContext) => Promise<unknown>;

/**
 * The admin REST API (WSO2's /api/server/v1 conventions): HTTP Basic for an administrator, an OAuth 2.0 bearer
 * token, or the console's session (lib/admin-api/caller.ts); one permission per operation, JSON in and out.
 * A handler returning a Response passes it through; anything else is sent as JSON with 200.
 */
export function adminRoute(permission: string, handler: Handler) {
  return async (req: Request, routeCtx?: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const outcome = await authenticateCaller(req, permission);
      if ("refusal" in outcome) {
        const { status, message } = outcome.refusal;
        return adminError(status, status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN", message);
      }
      const checked = await checkedJsonRequest(req);
      if (checked.problem) return adminError(400, "INVALID_INPUT", "Invalid input", checked.problem);
      const params = routeCtx?.params ? await routeCtx.params : {};
      const { caller } = outcome;
      const result = await handler(checked.request, { caller, actor: caller.actor, params });
      return result instanceof Response ? result : Response.json(result ?? {});
    } catch (err) {
      return adminErrorFrom(err);
    }
  };
}
