import type { z } from "zod";
import type { Permission } from "../identity/permissions.ts";
import { adminErrorSchema, ERROR_RESPONSES, type ErrorStatus } from "./schemas/errors.ts";

export type HttpMethod = "get" | "put" | "post" | "patch" | "delete";

export interface OperationResponse {
  description: string;
  /** the JSON body; none when the response has no body */
  schema?: z.ZodType;
  /** response headers by name, with what each holds */
  headers?: Record<string, string>;
}

export interface PathParameter {
  description: string;
  /** a plain string when left out */
  schema?: z.ZodType;
}

/** One operation of the admin API, with the schemas its handler validates with and answers with. */
export interface AdminOperation {
  operationId: string;
  method: HttpMethod;
  /** relative to /api/server/v1, with {name} for each path parameter */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** the permission (OAuth scope) a caller needs; null for the public API description */
  permission: Permission | null;
  pathParams?: Record<string, PathParameter>;
  /** the query string's parameters, as the handler reads them */
  query?: z.ZodObject;
  /** the JSON body, as the handler validates it */
  body?: { schema: z.ZodType; required?: boolean; description?: string };
  /** the successful answers, by status */
  responses: Partial<Record<number, OperationResponse>>;
  /** error statuses besides the ones every protected operation may answer */
  errors?: ErrorStatus[];
}

/** A resource family: its operations and the tag they are listed under. */
export interface OperationGroup {
  tag: { name: string; description: string };
  operations: AdminOperation[];
}

/**
 * Every protected operation may answer 401, 403 and 500 (adminRoute's authentication, permission check and
 * catch-all), and 400 and 415 when its method carries a body: one that is not UTF-8 text is refused, and so is a
 * console-session write that is not JSON.
 */
export function errorStatusesOf(op: AdminOperation): ErrorStatus[] {
  if (!op.permission) return [];
  const statuses = new Set<ErrorStatus>([...(op.errors ?? []), 401, 403, 500]);
  if (op.method !== "get") {
    statuses.add(400);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

/** Every answer an operation documents, errors included, by status. */
export function responsesOf(op: AdminOperation): Map<number, OperationResponse> {
  const all = new Map<number, OperationResponse>(Object.entries(op.responses).map(([status, response]) => [Number(status), response!]));
  for (const status of errorStatusesOf(op)) all.set(status, { description: ERROR_RESPONSES[status].description, schema: adminErrorSchema });
  return all;
}
