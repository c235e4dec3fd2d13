import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { normaliseKey } from "../qualified-name.ts";
import { loadUsers } from "./user-rows.ts";
import type { UserView } from "./user-view.ts";

export interface ListQuery {
  /** the start of a user name, display name or email, in any case */
  search?: string;
  domain?: string;
  /** only users created just in time through this connection (its id) */
  sourceConnection?: string;
  /** 1-based, as SCIM */
  startIndex?: number;
  count?: number;
  /** the columns the console sorts by, each backed by an index; user name when left out */
  sortBy?: UserSortKey;
  sortOrder?: "ascending" | "descending";
}

export const USER_SORT_KEYS = ["userName", "displayName", "createdAt"] as const;
export type UserSortKey = (typeof USER_SORT_KEYS)[number];

// each ends in the id, so pages never repeat or skip users that tie
const ORDER_COLUMNS: Record<UserSortKey, string[]> = {
  userName: [`u."userNameKey"`, `u."id"`],
  displayName: [`u."displayNameKey"`, `u."userNameKey"`, `u."id"`],
  createdAt: [`u."createdAt"`, `u."id"`],
};

/** The ORDER BY of a list sorted by `key`, every column in the same direction so one index serves it. */
export function orderBy(key: UserSortKey = "userName", order: "ascending" | "descending" = "ascending"): string {
  const direction = order === "descending" ? " DESC" : "";
  return ORDER_COLUMNS[key].map((c) => `${c}${direction}`).join(", ");
}

export interface Page<T> {
  totalResults: number;
  startIndex: number;
  items: T[];
}

export const MAX_PAGE = 200;

/** LIKE pattern for a substring, with LIKE's own wildcards taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The highest code point: every string that starts with a prefix sorts below the prefix followed by it. */
const AFTER_EVERYTHING = "\u{10FFFF}";

/**
 * "`column` starts with `prefix`" (both lower-cased), in the form each database answers from an index. SQLite
 * compares text byte by byte, so the prefix is a range of one index. PostgreSQL compares by its collation, where a
 * range can miss strings with punctuation; LIKE is exact there, and its parallel scans keep it quick.
 */
export function startsWith(exec: SqlExecutor, column: string, prefix: string): { sql: string; params: SqlParam[] } {
  if (exec.dialect === "sqlite") return { sql: `(${column} >= ? AND ${column} < ?)`, params: [prefix, prefix + AFTER_EVERYTHING] };
  return { sql: `${column} LIKE ? ESCAPE '\\'`, params: [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] };
}

/**
 * The console's list: search box, sorting and pages. SCIM lists go through the filter compiler instead. The search
 * matches the start of the user name, the display name or an email (as Okta's and WSO2's consoles search), so each
 * part is a range of an index and a search stays fast at any number of users.
 */
export async function listUsers(exec: SqlExecutor, query: ListQuery): Promise<Page<UserView>> {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_PAGE, Math.max(0, query.count ?? 20));
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (query.domain) {
    where.push(`u."storeId" = (SELECT "id" FROM "UserStore" WHERE "domain" = ?)`);
    params.push(query.domain.toUpperCase());
  }
  if (query.sourceConnection) {
    where.push(`u."sourceConnection" = ?`);
    params.push(query.sourceConnection);
  }
  const term = query.search?.trim();
  if (term) {
    const key = normaliseKey(term);
    const parts = [startsWith(exec, `u."userNameKey"`, key), startsWith(exec, `u."displayNameKey"`, key), startsWith(exec, `v."valueKey"`, key)];
    where.push(`(${parts[0]!.sql} OR ${parts[1]!.sql} OR u."id" IN (SELECT v."userId" FROM "UserValue" v WHERE v."attribute" = 'emails' AND ${parts[2]!.sql}))`);
    params.push(...parts.flatMap((p) => p.params));
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" u ${clause}`, params),
    exec.all<{ id: string }>(`SELECT u."id" FROM "User" u ${clause} ORDER BY ${orderBy(query.sortBy, query.sortOrder)} LIMIT ? OFFSET ?`, [...params, count, startIndex - 1]),
  ]);
  return {
    totalResults: Number(total?.n ?? 0),
    startIndex,
    items: await loadUsers(
      exec,
      rows.map((r) => r.id),
    ),
  };
}
