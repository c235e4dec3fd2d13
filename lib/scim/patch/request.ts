import { ScimError } from "../errors.ts";
import { parsePatchPath, type PatchPath } from "../path/parser.ts";
import { PATCH_OP_SCHEMA } from "../schema/core.ts";

export type PatchOpName = "add" | "remove" | "replace";

export interface PatchOperation {
  readonly op: PatchOpName;
  /** Absent for a path-less add or replace (RFC 7644 §3.5.2.1, §3.5.2.3). */
  readonly path?: PatchPath;
  /** The path as the client wrote it, for error messages. */
  readonly pathText?: string;
  /** Absent when the operation had no "value" member (allowed for remove only). */
  readonly value?: unknown;
}

// RFC 7644 sets no limit; this bounds the work one request can ask for
// (RFC 7644 §7.4 on denial of service).
export const MAX_PATCH_OPERATIONS = 1000;

const OP_NAMES: ReadonlyMap<string, PatchOpName> = new Map([
  ["add", "add"],
  ["remove", "remove"],
  ["replace", "replace"],
]);

/**
 * Validates a PatchOp message (RFC 7644 §3.5.2) and parses every path up
 * front, so no operation is applied when a later one is malformed.
 */
export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw ScimError.invalidSyntax("the PATCH request body must be a JSON object");
  const schemas = member(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === "string" && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) {
    throw ScimError.invalidSyntax(`"schemas" must contain "${PATCH_OP_SCHEMA}"`);
  }
  const operations = member(body, "Operations");
  if (!Array.isArray(operations)) throw ScimError.invalidSyntax(`"Operations" must be an array of operations`);
  if (operations.length === 0) throw ScimError.invalidSyntax(`"Operations" must contain at least one operation`);
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw ScimError.invalidSyntax(`"Operations" has ${operations.length} operations; the maximum is ${MAX_PATCH_OPERATIONS}`);
  }
  return operations.map((raw, i) => {
    try {
      return parseOperation(raw);
    } catch (e) {
      throw atOperation(e, i);
    }
  });
}

function parseOperation(raw: unknown): PatchOperation {
  if (!isObject(raw)) throw ScimError.invalidSyntax("each operation must be a JSON object");
  const opValue = member(raw, "op");
  // Microsoft Entra ID sends "Add", "Replace" and "Remove".
  const op = typeof opValue === "string" ? OP_NAMES.get(opValue.toLowerCase()) : undefined;
  if (op === undefined) {
    throw ScimError.invalidSyntax(`"op" must be "add", "remove" or "replace" but was ${JSON.stringify(opValue ?? null)}`);
  }

  const pathValue = member(raw, "path");
  let path: PatchPath | undefined;
  let pathText: string | undefined;
  if (pathValue !== undefined && pathValue !== null) {
    if (typeof pathValue !== "string") throw ScimError.invalidPath(`"path" must be a string`);
    path = parsePatchPath(pathValue);
    pathText = pathValue.trim();
  }

  const hasValue = hasMember(raw, "value");
  const value = member(raw, "value");
  if (op === "remove") {
    // RFC 7644 §3.5.2.2: remove without a path fails with noTarget.
    if (path === undefined) throw ScimError.noTarget(`"remove" requires a "path"`);
  } else {
    if (!hasValue) throw ScimError.invalidValue(`"${op}" requires a "value"`);
    // RFC 7644 §3.5.2.1 / §3.5.2.3: without a path the value is the set of
    // attributes to add or replace.
    if (path === undefined && !isObject(value)) {
      throw ScimError.invalidValue(`"${op}" without a "path" requires an object "value"`);
    }
  }

  const parsed: { op: PatchOpName; path?: PatchPath; pathText?: string; value?: unknown } = { op };
  if (path !== undefined) {
    parsed.path = path;
    parsed.pathText = pathText;
  }
  if (hasValue) parsed.value = value;
  return parsed;
}

/** Prefixes a ScimError with the index of the operation that raised it. */
export function atOperation(e: unknown, index: number): unknown {
  if (!(e instanceof ScimError)) return e;
  return new ScimError(e.status, `Operations[${index}]: ${e.detail}`, e.scimType);
}

// Member names of the message are matched case-insensitively (RFC 7643
// §2.1), which also accepts "operations" as some clients spell it.
function member(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

function hasMember(obj: Record<string, unknown>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(obj).some((k) => k.toLowerCase() === lower);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
