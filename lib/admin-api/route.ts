import { ZodError } from "zod";
import { provisio } from "../server/current.ts";
import { IdentityError } from "../identity/errors.ts";
import { ScimError } from "../scim/errors.ts";
import { authenticate, requirePermission, type ScimPrincipal } from "../scim-server/auth.ts";
import { log } from "../log.ts";
import { randomUUID } from "node:crypto";
import { config } from "../env.ts";
import { refuseForeignOrigin } from "../auth/request-origin.ts";
import { checkedJsonRequest } from "../server/strict-utf8.ts";
import type { AdminErrorBody } from "./schemas/errors.ts";

export interface AdminContext {
  principal: ScimPrincipal;
  params: Record<string, string>;
}

/** WSO2's server API error shape: code, message, description, traceId. */
export function adminError(status: number, code: string, message: string, description = message): Response {
  const body: AdminErrorBody = { code, message, description, traceId: randomUUID() };
  return Response.json(body, { status });
}

export function adminErrorFrom(err: unknown): Response {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return adminError(400, "INVALID_INPUT", "Invalid input", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  if (err instanceof IdentityError) return adminError(err.httpStatus, err.code.toUpperCase(), err.message);
  if (err instanceof ScimError) return adminError(err.status, err.status === 401 ? "UNAUTHENTICATED" : err.status === 403 ? "FORBIDDEN" : "INVALID_REQUEST", err.detail);
  if (err instanceof SyntaxError) return adminError(400, "INVALID_JSON", "The request body is not valid JSON");
  log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, "admin API failure");
  return adminError(500, "SERVER_ERROR", "Internal server error");
}

type Handler = (req: Request, ctx: AdminContext) => Promise<unknown>;

/**
 * The admin REST API (WSO2's /api/server/v1 conventions): HTTP Basic for an administrator or an OAuth 2.0
 * bearer token, one permission per operation, JSON in and out. No session cookie is accepted here; scripts
 * send neither Origin nor Sec-Fetch-Site, but a write that a browser marks as coming from a page of another
 * origin is refused, since a browser may attach Basic credentials it remembers.
 */
export function adminRoute(permission: string, handler: Handler) {
  return async (req: Request, routeCtx?: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const refusal = refuseForeignOrigin(req, new URL(config().baseUrl).origin, { ambientCredentials: false });
      if (refusal) return adminError(refusal.status, "FORBIDDEN", refusal.message);
      const principal = await authenticate(provisio().sql, req);
      requirePermission(principal, permission);
      const checked = await checkedJsonRequest(req);
      if (checked.problem) return adminError(400, "INVALID_INPUT", "Invalid input", checked.problem);
      const params = routeCtx?.params ? await routeCtx.params : {};
      const result = await handler(checked.request, { principal, params });
      return result instanceof Response ? result : Response.json(result ?? {});
    } catch (err) {
      return adminErrorFrom(err);
    }
  };
}
