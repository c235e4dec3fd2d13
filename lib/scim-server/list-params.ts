import { createHash } from "node:crypto";
import { ScimError, type ScimType } from "../scim/errors.ts";
import { parseFilter } from "../scim/filter/parser.ts";
import type { Filter } from "../scim/filter/ast.ts";
import { parseAttributeList } from "../scim/projection/project.ts";
import { z } from "zod";

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

const integerLike = z.union([z.number(), z.string()]);
const attributeList = z.union([z.array(z.string()), z.string()]);

/**
 * A SearchRequest body (RFC 7644 section 3.4.3): each member has one JSON type, so an object where a number or
 * string belongs is the client's 400, never coerced (an object's own toString could even throw).
 */
const searchRequestSchema = z.object({
  schemas: z.unknown().optional(),
  filter: z.string({ error: `"filter" must be a string` }).optional(),
  startIndex: integerLike.optional(),
  count: integerLike.optional(),
  sortBy: z.string().optional(),
  sortOrder: z.string().optional(),
  attributes: attributeList.optional(),
  excludedAttributes: attributeList.optional(),
  cursor: z.string().optional(),
});
const SEARCH_MEMBERS = Object.keys(searchRequestSchema.shape);

/** The body's members under their RFC spelling (clients vary the case), checked against their JSON types. */
function searchRequest(body: Record<string, unknown>): Record<string, unknown> {
  const canonical: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = SEARCH_MEMBERS.find((m) => m.toLowerCase() === key.toLowerCase());
    if (name && value !== null) canonical[name] = value;
  }
  const parsed = searchRequestSchema.safeParse(canonical);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const member = String(issue?.path[0] ?? "");
  if (member === "filter") throw ScimError.invalidFilter(`"filter" must be a string`);
  throw ScimError.invalidValue(`"${member}" in the search request has the wrong type: ${issue?.message ?? "invalid value"}`);
}

/** From query parameters (GET) or a SearchRequest body (POST .search, RFC 7644 section 3.4.3). */
export function listParams(source: URLSearchParams | Record<string, unknown>): ListParams {
  const body = source instanceof URLSearchParams ? undefined : searchRequest(source);
  const get = (name: string): unknown => (body ? body[name] : ((source as URLSearchParams).get(name) ?? undefined));
  const list = (name: string): string[] => {
    const v = get(name);
    if (v === undefined) return [];
    if (Array.isArray(v)) return v as string[];
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
