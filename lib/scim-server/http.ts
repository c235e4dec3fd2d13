import { jsonReply, type ApiReply, type ApiRequest } from "../server/exchange.ts";
import { ZodError } from "zod";
import { ScimError, toScimErrorBody } from "../scim/errors.ts";
import { IdentityError } from "../identity/errors.ts";
import { log } from "../log.ts";
import { TEXT_PROBLEM_MESSAGE, textProblem, textProblemIn } from "../server/text-checks.ts";

export const SCIM_CONTENT_TYPE = "application/scim+json";

export function scimJson(status: number, body: unknown, headers: Record<string, string> = {}): ApiReply {
  return jsonReply(status, body, SCIM_CONTENT_TYPE, headers);
}

/**
 * Every failure leaves as an RFC 7644 section 3.12 body (clients such as Okta cannot parse anything else):
 * protocol errors as they are, store errors mapped to their SCIM meaning, anything unexpected as a 500 with
 * no internals.
 */
export function scimErrorResponse(err: unknown): ApiReply {
  const scim = toScimError(err);
  const headers: Record<string, string> = scim.status === 401 ? { "www-authenticate": 'Basic realm="Provisio SCIM", Bearer realm="Provisio SCIM"' } : {};
  return scimJson(scim.status, toScimErrorBody(scim), headers);
}

export function toScimError(err: unknown): ScimError {
  if (err instanceof ScimError) return err;
  if (err instanceof IdentityError) {
    switch (err.code) {
      case "not_found":
        return ScimError.notFound(err.message);
      case "conflict":
        return ScimError.uniqueness(err.message);
      case "precondition_failed":
        return ScimError.preconditionFailed(err.message);
      case "forbidden":
        return new ScimError(403, err.message);
      default:
        return ScimError.invalidValue(err.message);
    }
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return ScimError.invalidValue(`${where}${issue?.message ?? "invalid value"}`);
  }
  log.error({ err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, "SCIM request failed");
  return new ScimError(500, "Internal server error");
}

export const MAX_PAYLOAD_BYTES = 1_048_576;
const MAX_DEPTH = 32;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_DEPTH) return depth;
  if (Array.isArray(value)) return value.reduce<number>((m, v) => Math.max(m, depthOf(v, depth + 1)), depth);
  if (value && typeof value === "object") return Object.values(value).reduce<number>((m, v) => Math.max(m, depthOf(v, depth + 1)), depth);
  return depth;
}

/**
 * Reads a SCIM request body: JSON media types only (application/scim+json or application/json, RFC 7644
 * section 3.1), bounded in size and nesting, always an object.
 */
export async function readScimBody(request: ApiRequest, maxBytes = MAX_PAYLOAD_BYTES): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type && type !== SCIM_CONTENT_TYPE && type !== "application/json") {
    throw new ScimError(415, `Unsupported content type "${type}": send application/scim+json`);
  }
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw new ScimError(413, `The request body exceeds ${maxBytes} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ScimError(413, `The request body exceeds ${maxBytes} bytes`);
  if (!text.trim()) throw ScimError.invalidSyntax("The request body is empty");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw ScimError.invalidSyntax(`The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw ScimError.invalidSyntax("The request body must be a JSON object");
  if (depthOf(parsed) > MAX_DEPTH) throw ScimError.invalidSyntax(`The request body is nested deeper than ${MAX_DEPTH} levels`);
  const bad = textProblemIn(parsed);
  if (bad) throw ScimError.invalidValue(TEXT_PROBLEM_MESSAGE[bad]);
  return parsed as Record<string, unknown>;
}

/** The decoded segments of a request path; malformed percent-encoding is the client's error, not a 500. */
export function pathSegments(path: string): string[] {
  let segments: string[];
  try {
    segments = path.split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new ScimError(400, `The path ${path} is not valid percent-encoding`);
  }
  // no id or endpoint holds U+0000, and PostgreSQL refuses it as a parameter
  if (segments.some((s) => textProblem(s))) throw ScimError.notFound(`${path} is not a SCIM resource`);
  return segments;
}

/** ETag of a resource version (RFC 7644 section 3.14): weak, since the representation varies with attributes. */
export const etagOf = (version: number): string => `W/"${version}"`;

/** The version named by an If-Match / If-None-Match header, or "*" (any), or undefined when absent. */
export function versionsIn(header: string | null): { any: boolean; versions: number[] } | undefined {
  if (!header) return undefined;
  if (header.trim() === "*") return { any: true, versions: [] };
  const versions = header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, "").replace(/^"|"$/g, ""))
    .map(Number)
    .filter((n) => Number.isInteger(n));
  return { any: false, versions };
}
