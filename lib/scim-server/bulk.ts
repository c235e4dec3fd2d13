import { apiRequest, type ApiReply } from "../server/exchange.ts";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";
import { BULK_REQUEST_SCHEMA, BULK_RESPONSE_SCHEMA } from "../scim/schema/core.ts";
import type { ScimContext } from "./context.ts";
import { pathSegments, readScimBody, scimJson, toScimError } from "./http.ts";
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD } from "./discovery.ts";

export type Dispatch = (ctx: ScimContext, method: string, segments: string[], path: string) => Promise<ApiReply>;

interface BulkOperation {
  method: string;
  bulkId?: string;
  version?: string;
  path: string;
  data?: unknown;
}

interface BulkResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: unknown;
}

const BULK_REF = /bulkId:([A-Za-z0-9._~-]+)/g;

function parseOperations(body: Record<string, unknown>): { operations: BulkOperation[]; failOnErrors?: number } {
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_SCHEMA)) throw ScimError.invalidSyntax(`"schemas" must contain "${BULK_REQUEST_SCHEMA}"`);
  const ops = body.Operations;
  if (!Array.isArray(ops) || ops.length === 0) throw ScimError.invalidSyntax(`"Operations" must be a non-empty array`);
  // RFC 7644 section 3.7.4: more operations than advertised is a 413
  if (ops.length > BULK_MAX_OPERATIONS) throw new ScimError(413, `The request has ${ops.length} operations; the maximum is ${BULK_MAX_OPERATIONS}`);
  const failOnErrors = body.failOnErrors;
  if (failOnErrors !== undefined && (typeof failOnErrors !== "number" || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw ScimError.invalidValue(`"failOnErrors" must be a positive integer`);
  }
  const seen = new Set<string>();
  const operations = ops.map((raw, i): BulkOperation => {
    const op = raw as Record<string, unknown>;
    if (!op || typeof op !== "object") throw ScimError.invalidSyntax(`Operations[${i}] must be an object`);
    const method = typeof op.method === "string" ? op.method.toUpperCase() : "";
    if (!["POST", "PUT", "PATCH", "DELETE"].includes(method)) throw ScimError.invalidSyntax(`Operations[${i}]: "method" must be POST, PUT, PATCH or DELETE`);
    if (typeof op.path !== "string" || !op.path.startsWith("/")) throw ScimError.invalidSyntax(`Operations[${i}]: "path" must be a resource path such as /Users`);
    if (method === "POST" && (typeof op.bulkId !== "string" || !op.bulkId)) throw ScimError.invalidSyntax(`Operations[${i}]: POST needs a "bulkId"`);
    if (typeof op.bulkId === "string") {
      if (seen.has(op.bulkId)) throw ScimError.invalidSyntax(`Operations[${i}]: bulkId "${op.bulkId}" is used twice`);
      seen.add(op.bulkId);
    }
    if (method !== "DELETE" && (op.data === null || typeof op.data !== "object")) throw ScimError.invalidSyntax(`Operations[${i}]: "data" must be an object`);
    return { method, bulkId: op.bulkId as string | undefined, version: typeof op.version === "string" ? op.version : undefined, path: op.path, data: op.data };
  });
  return { operations, failOnErrors: failOnErrors as number | undefined };
}

function references(op: BulkOperation): string[] {
  const text = op.path + (op.data === undefined ? "" : JSON.stringify(op.data));
  return [...text.matchAll(BULK_REF)].map((m) => m[1]);
}

function resolve(op: BulkOperation, ids: Map<string, string>): BulkOperation {
  const swap = (s: string) => s.replace(BULK_REF, (_, id: string) => ids.get(id) ?? `bulkId:${id}`);
  return { ...op, path: swap(op.path), data: op.data === undefined ? undefined : JSON.parse(swap(JSON.stringify(op.data))) };
}

/**
 * POST /Bulk (RFC 7644 section 3.7). Operations run in request order, except that one referring to a bulkId
 * not created yet waits until it is (a group listing users created later in the same request); references that
 * can never resolve fail with 409. Each operation goes through the same handler as its single request, with the
 * caller's credentials, so permissions and validation are identical.
 */
export async function bulkResponse(ctx: ScimContext, dispatch: Dispatch): Promise<ApiReply> {
  const { operations, failOnErrors } = parseOperations(await readScimBody(ctx.request, BULK_MAX_PAYLOAD));
  const ids = new Map<string, string>();
  const results: (BulkResult | undefined)[] = operations.map(() => undefined);
  const bulkIds = new Set(operations.map((o) => o.bulkId).filter(Boolean));
  let pending = operations.map((_, i) => i);
  let errors = 0;

  while (pending.length) {
    const waiting: number[] = [];
    for (const i of pending) {
      const op = operations[i];
      const refs = references(op);
      if (refs.some((r) => !ids.has(r))) {
        const unknown = refs.find((r) => !bulkIds.has(r) || results[operations.findIndex((o) => o.bulkId === r)]?.status.startsWith("4"));
        if (unknown) {
          results[i] = failure(op, new ScimError(409, `bulkId "${unknown}" does not refer to a resource created in this request`, "invalidValue"));
          errors++;
        } else {
          waiting.push(i);
        }
        continue;
      }
      results[i] = await run(ctx, dispatch, resolve(op, ids), ids);
      if (!results[i]!.status.startsWith("2")) errors++;
      if (failOnErrors && errors >= failOnErrors) break;
    }
    if (failOnErrors && errors >= failOnErrors) break;
    if (waiting.length === pending.length) {
      for (const i of waiting) results[i] = failure(operations[i], new ScimError(409, "Circular bulkId references cannot be resolved", "invalidValue"));
      break;
    }
    pending = waiting;
  }
  return scimJson(200, { schemas: [BULK_RESPONSE_SCHEMA], Operations: results.filter((r): r is BulkResult => r !== undefined) });
}

function failure(op: BulkOperation, err: ScimError): BulkResult {
  return { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(err.status), response: toScimErrorBody(err) };
}

async function run(ctx: ScimContext, dispatch: Dispatch, op: BulkOperation, ids: Map<string, string>): Promise<BulkResult> {
  let response: ApiReply;
  try {
    // inside the try: a path or version that cannot form a request fails this operation only
    const url = new URL(`${ctx.baseUrl}/scim2${op.path}`);
    const headers: Record<string, string> = { "content-type": "application/scim+json" };
    if (op.version) headers["if-match"] = op.version;
    const request = apiRequest(op.method, url.href, headers, op.data === undefined ? undefined : JSON.stringify(op.data));
    const segments = pathSegments(url.pathname.slice("/scim2".length));
    if (segments[0] === "Bulk") throw ScimError.invalidValue("Bulk operations cannot nest");
    response = await dispatch({ ...ctx, request, url }, op.method, segments, url.pathname);
  } catch (err) {
    return failure(op, toScimError(err));
  }
  const result: BulkResult = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}), status: String(response.status) };
  const location = response.headers.location;
  if (location) result.location = location;
  const etag = response.headers.etag;
  if (etag) result.version = etag;
  if (response.status >= 400) {
    result.response = response.body ? JSON.parse(response.body) : undefined;
  } else if (op.method === "POST" && op.bulkId && location) {
    ids.set(op.bulkId, location.slice(location.lastIndexOf("/") + 1));
  }
  return result;
}
