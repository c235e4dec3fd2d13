import { createHash } from "node:crypto";
import { ScimError, type ScimType } from "../scim/errors.ts";
import { parseFilter } from "../scim/filter/parser.ts";
import type { Filter } from "../scim/filter/ast.ts";
import { parseAttributeList } from "../scim/projection/project.ts";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ListParams {
  filter?: Filter;
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  attributes: string[];
  excludedAttributes: string[];
  /** RFC 9865: present (possibly empty) when the client asks for cursor paging */
  cursor?: string;
}

// beyond any result set, and small enough that startIndex - 1 + count stays an exact integer for LIMIT/OFFSET
const MAX_START_INDEX = 2 ** 31 - 1;

function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n) || !Number.isInteger(n)) throw ScimError.invalidValue(`"${name}" must be an integer`);
  return n;
}

/** From query parameters (GET) or a SearchRequest body (POST .search, RFC 7644 section 3.4.3). */
export function listParams(source: URLSearchParams | Record<string, unknown>): ListParams {
  const get = (name: string): unknown => {
    if (source instanceof URLSearchParams) return source.get(name) ?? undefined;
    const key = Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : source[key];
  };
  const list = (name: string): string[] => {
    const v = get(name);
    if (v === undefined) return [];
    if (Array.isArray(v)) return v.map(String);
    return parseAttributeList(String(v));
  };
  const filterText = get("filter");
  if (filterText !== undefined && typeof filterText !== "string") throw ScimError.invalidFilter(`"filter" must be a string`);
  // its values become SQL parameters, and PostgreSQL refuses U+0000 in text
  if (typeof filterText === "string" && filterText.includes("\u0000")) throw ScimError.invalidFilter(`"filter" cannot contain the NUL character (U+0000)`);
  const sortOrderRaw = get("sortOrder");
  if (sortOrderRaw !== undefined && !["ascending", "descending"].includes(String(sortOrderRaw).toLowerCase())) {
    throw ScimError.invalidValue(`"sortOrder" must be "ascending" or "descending"`);
  }
  const startIndex = integer(get("startIndex"), "startIndex");
  const count = integer(get("count"), "count");
  const attributes = list("attributes");
  const excludedAttributes = list("excludedAttributes");
  if (attributes.length && excludedAttributes.length) throw ScimError.invalidValue(`"attributes" and "excludedAttributes" cannot be used together`);
  const cursor = get("cursor");
  if (cursor !== undefined && startIndex !== undefined) {
    throw new ScimError(400, `"cursor" and "startIndex" cannot be used together (RFC 9865)`, "invalidValue");
  }
  return {
    filter: filterText && String(filterText).trim() ? parseFilter(String(filterText)) : undefined,
    // RFC 7644 section 3.4.2.4: values below 1 are read as 1, negative counts as 0
    startIndex: Math.min(MAX_START_INDEX, Math.max(1, startIndex ?? 1)),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count ?? DEFAULT_PAGE_SIZE)),
    sortBy: get("sortBy") === undefined ? undefined : String(get("sortBy")),
    sortOrder: sortOrderRaw === undefined ? undefined : (String(sortOrderRaw).toLowerCase() as "ascending" | "descending"),
    attributes,
    excludedAttributes,
    cursor: cursor === undefined ? undefined : String(cursor),
  };
}

/**
 * RFC 9865 cursors: opaque to clients. This one carries the next offset and a fingerprint of the query, so a
 * cursor replayed against another filter or sort is refused instead of paging through the wrong result.
 */
export function decodeCursor(cursor: string, fingerprint: string): number {
  if (cursor === "") return 0;
  try {
    const { o, f } = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { o: number; f: string };
    if (typeof o === "number" && Number.isInteger(o) && o >= 0 && o <= MAX_START_INDEX && f === digest(fingerprint)) return o;
  } catch {
    // fall through to the error
  }
  throw new ScimError(400, "The cursor is not valid for this query", "invalidCursor" as ScimType);
}

export function encodeCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: digest(fingerprint) })).toString("base64url");
}

// a fingerprint holds the whole parsed filter: hashed, the cursor stays short enough for a query string
const digest = (fingerprint: string) => createHash("sha256").update(fingerprint).digest("base64url").slice(0, 22);
