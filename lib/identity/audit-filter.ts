import { z } from "zod";
import { IdentityError } from "./errors.ts";

export const AUDIT_CHANNELS = ["console", "scim", "api", "system", "jit", "oauth"] as const;
export const MAX_AUDIT_PAGE = 200;

/** What the audit log can be narrowed by; every field is an exact match, the times bound `at` (from inclusive, to exclusive). */
export interface AuditFilter {
  actor?: string;
  channel?: (typeof AUDIT_CHANNELS)[number];
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** Where the previous page ended: the newest-first order is (at, id) descending, so the next page starts below it. */
export interface AuditCursor {
  at: Date;
  id: string;
}

const cursorShape = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

/** An opaque, URL-safe cursor for the page after `last`. */
export function encodeAuditCursor(last: AuditCursor): string {
  return Buffer.from(JSON.stringify([last.at.toISOString(), last.id])).toString("base64url");
}

export function decodeAuditCursor(cursor: string): AuditCursor {
  try {
    const [at, id] = cursorShape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { at: new Date(at), id };
  } catch {
    throw IdentityError.invalid("cursor is not one this server gave out; start again from the first page", "cursor");
  }
}

/**
 * The WHERE clause and its parameters for one page: the filters as equalities and a time range, and the keyset
 * condition after the cursor. Written as plain comparisons on the indexed columns, so each filter's (column, at, id)
 * index answers the page as a range scan.
 */
export function auditWhere(filter: AuditFilter, after?: AuditCursor): { where: string; params: (string | Date)[] } {
  if (filter.from && filter.to && filter.from >= filter.to) throw IdentityError.invalid("from must be before to", "from");
  const clauses: string[] = [];
  const params: (string | Date)[] = [];
  for (const column of ["actor", "channel", "action", "targetType", "targetId"] as const) {
    const value = filter[column];
    if (value === undefined) continue;
    clauses.push(`"${column}" = ?`);
    params.push(value);
  }
  if (filter.from) {
    clauses.push(`"at" >= ?`);
    params.push(filter.from);
  }
  if (filter.to) {
    clauses.push(`"at" < ?`);
    params.push(filter.to);
  }
  if (after) {
    // the plain bound on "at" lets both databases start the index range at the cursor; the OR alone would be a scan
    clauses.push(`"at" <= ? AND ("at" < ? OR ("at" = ? AND "id" < ?))`);
    params.push(after.at, after.at, after.at, after.id);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}
