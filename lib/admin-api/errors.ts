import { ZodError } from "zod";
import { randomUUID } from "node:crypto";
import { IdentityError } from "../identity/errors.ts";
import { ScimError } from "../scim/errors.ts";
import { log } from "../log.ts";
import type { AdminErrorBody } from "./schemas/errors.ts";

/** WSO2's server API error shape (code, message, description, traceId), with the fields a form shows its errors next to. */
export function adminError(status: number, code: string, message: string, description = message, fieldErrors?: Record<string, string>): Response {
  const body: AdminErrorBody = { code, message, description, traceId: randomUUID(), ...(fieldErrors ? { fieldErrors } : {}) };
  return Response.json(body, { status });
}

/** The first rule each field broke, by its path; "_" for the body as a whole. */
function fieldErrorsOf(err: ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of err.issues) fieldErrors[issue.path.join(".") || "_"] ??= issue.message;
  return fieldErrors;
}

/** The one error table of the admin API: validation, store and protocol errors, anything else a 500 that leaks nothing. */
export function adminErrorFrom(err: unknown): Response {
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    return adminError(400, "INVALID_INPUT", "Invalid input", `${issue?.path.join(".") || "body"}: ${issue?.message}`, fieldErrorsOf(err));
  }
  if (err instanceof IdentityError) return adminError(err.httpStatus, err.code.toUpperCase(), err.message, err.message, err.field ? { [err.field]: err.message } : undefined);
  if (err instanceof ScimError) return adminError(err.status, err.status === 401 ? "UNAUTHENTICATED" : err.status === 403 ? "FORBIDDEN" : "INVALID_REQUEST", err.detail);
  if (err instanceof SyntaxError) return adminError(400, "INVALID_JSON", "The request body is not valid JSON");
  log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, "admin API failure");
  return adminError(500, "SERVER_ERROR", "Internal server error");
}
