import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { normaliseKey } from "../qualified-name.ts";
import { loadUsers } from "./user-rows.ts";
import type { UserView } from "./user-view.ts";

export interface ListQuery {
  /** case-insensitive substring of userName, display name or an email */
  search?: string;
  domain?: string;
  /** only users created just in time through this connection (its id) */
  sourceConnection?: string;
  /** 1-based, as SCIM */
  startIndex?: number;
  count?: number;
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

/** The console's list: search box and pages. SCIM lists go through the filter compiler instead. */
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
    const like = containsPattern(normaliseKey(term));
    where.push(
      `(u."userNameKey" LIKE ? ESCAPE '\\' OR u."displayNameKey" LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "UserValue" v WHERE v."userId" = u."id" AND v."attribute" = 'emails' AND v."valueKey" LIKE ? ESCAPE '\\'))`,
    );
    params.push(like, like, like);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" u ${clause}`, params),
    exec.all<{ id: string }>(`SELECT u."id" FROM "User" u ${clause} ORDER BY u."userNameKey", u."id" LIMIT ? OFFSET ?`, [...params, count, startIndex - 1]),
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
