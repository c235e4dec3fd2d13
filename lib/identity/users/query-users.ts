import type { SqlExecutor } from "../../db/sql.ts";
import type { Filter } from "../../scim/filter/ast.ts";
import { compileFilter } from "../query/compile-filter.ts";
import { compileSort } from "../query/compile-sort.ts";
import { listCustomAttributes } from "../custom-attributes.ts";

export interface ResourceQuery {
  filter?: Filter;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  /** 0-based */
  offset: number;
  count: number;
}

/**
 * Ids of the users matching a SCIM filter, one page in the requested order, and the total: both are single
 * SQL statements, whatever the number of users.
 */
export async function queryUserIds(exec: SqlExecutor, query: ResourceQuery): Promise<{ total: number; ids: string[] }> {
  const customAttributes = await listCustomAttributes(exec);
  const ctx = { dialect: exec.dialect, resource: "User" as const, customAttributes };
  const where = query.filter ? compileFilter(query.filter, ctx) : { sql: "1 = 1", params: [] };
  const sort = compileSort(query.sortBy, query.sortOrder, ctx);
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" u WHERE ${where.sql}`, where.params),
    query.count === 0
      ? Promise.resolve([])
      : exec.all<{ id: string }>(`SELECT u."id" FROM "User" u WHERE ${where.sql} ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`, [...where.params, ...sort.params, query.count, query.offset]),
  ]);
  return { total: Number(total?.n ?? 0), ids: rows.map((r) => r.id) };
}

export async function queryGroupIds(exec: SqlExecutor, query: ResourceQuery): Promise<{ total: number; ids: string[] }> {
  const ctx = { dialect: exec.dialect, resource: "Group" as const, customAttributes: [] };
  const where = query.filter ? compileFilter(query.filter, ctx) : { sql: "1 = 1", params: [] };
  const sort = compileSort(query.sortBy, query.sortOrder, ctx);
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Group" g WHERE ${where.sql}`, where.params),
    query.count === 0
      ? Promise.resolve([])
      : exec.all<{ id: string }>(`SELECT g."id" FROM "Group" g WHERE ${where.sql} ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`, [...where.params, ...sort.params, query.count, query.offset]),
  ]);
  return { total: Number(total?.n ?? 0), ids: rows.map((r) => r.id) };
}
