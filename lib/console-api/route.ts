import { ZodError } from "zod";
import { consoleSession, type ConsoleSession } from "../auth/session.ts";
import { IdentityError } from "../identity/errors.ts";
import type { Actor } from "../identity/audit.ts";
import { log } from "../log.ts";
import { config } from "../env.ts";
import { refuseForeignOrigin } from "../auth/request-origin.ts";
import { checkedJsonRequest } from "../server/strict-utf8.ts";

export interface ConsoleContext {
  session: ConsoleSession;
  actor: Actor;
  params: Record<string, string>;
}

export interface ConsoleErrorBody {
  error: { code: string; message: string; fieldErrors?: Record<string, string> };
}

function errorResponse(status: number, code: string, message: string, fieldErrors?: Record<string, string>): Response {
  const body: ConsoleErrorBody = { error: { code, message, ...(fieldErrors ? { fieldErrors } : {}) } };
  return Response.json(body, { status });
}

/** The one error table of the console API: validation, store errors, and anything else as a 500 that leaks nothing. */
export function consoleError(err: unknown): Response {
  if (err instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of err.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
    return errorResponse(400, "invalid", "Some fields are not valid", fieldErrors);
  }
  if (err instanceof IdentityError) {
    return errorResponse(err.httpStatus, err.code, err.message, err.field ? { [err.field]: err.message } : undefined);
  }
  if (err instanceof SyntaxError) return errorResponse(400, "invalid", "The request body is not valid JSON");
  log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, "console API failure");
  return errorResponse(500, "internal", "Something went wrong on the server. It has been logged.");
}

type Handler = (req: Request, ctx: ConsoleContext) => Promise<unknown>;

/**
 * Wraps a console API handler: origin check (the session cookie is ambient, so a write must prove it comes
 * from the console's own pages), session and permission check, JSON out, errors through one table.
 * A handler returning a Response passes it through; anything else is sent as JSON with 200.
 */
export function consoleRoute(permission: string, handler: Handler) {
  return async (req: Request, routeCtx: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const refusal = refuseForeignOrigin(req, new URL(config().baseUrl).origin, { ambientCredentials: true });
      if (refusal) return errorResponse(refusal.status, refusal.code, refusal.message);
      const session = await consoleSession();
      if (!session) return errorResponse(401, "unauthenticated", "Sign in to use the console");
      if (!session.permissions.has(permission)) return errorResponse(403, "forbidden", "You do not have permission for this action");
      const checked = await checkedJsonRequest(req);
      if (checked.problem) return errorResponse(400, "invalid", checked.problem);
      const params = routeCtx?.params ? await routeCtx.params : {};
      const result = await handler(checked.request, { session, params, actor: { name: session.userName, channel: "console" } });
      return result instanceof Response ? result : Response.json(result ?? { ok: true });
    } catch (err) {
      return consoleError(err);
    }
  };
}

export function pageParams(req: Request) {
  const url = new URL(req.url);
  const num = (key: string, fallback: number) => {
    const n = Number(url.searchParams.get(key));
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
  };
  return { search: url.searchParams.get("search") ?? undefined, startIndex: num("startIndex", 1), count: num("count", 20) };
}
