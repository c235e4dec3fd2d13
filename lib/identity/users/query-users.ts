import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
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
  return pageAndTotal(exec, `FROM "User" u WHERE ${where.sql}`, where.params, `u."id"`, sort, query);
}

export async function queryGroupIds(exec: SqlExecutor, query: ResourceQuery): Promise<{ total: number; ids: string[] }> {
  const ctx = { dialect: exec.dialect, resource: "Group" as const, customAttributes: [] };
  const where = query.filter ? compileFilter(query.filter, ctx) : { sql: "1 = 1", params: [] };
  const sort = compileSort(query.sortBy, query.sortOrder, ctx);
  return pageAndTotal(exec, `FROM "Group" g WHERE ${where.sql}`, where.params, `g."id"`, sort, query);
}

/**
 * The page first; the total costs a COUNT over every match only when the page cannot tell it (a full page,
 * or an offset past the end): a lookup by userName, the commonest list request, is a single statement. On
 * PostgreSQL an unfiltered listing, whose page is nearly always full, counts on a second connection meanwhile.
 */
async function pageAndTotal(
  exec: SqlExecutor,
  from: string,
  params: SqlParam[],
  idColumn: string,
  sort: { orderBy: string; params: SqlParam[] },
  query: ResourceQuery,
): Promise<{ total: number; ids: string[] }> {
  const count = () => exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" ${from}`, params).then((row) => Number(row?.n ?? 0));
  const early = exec.dialect === "postgres" && !query.filter ? count() : undefined;
  const rows =
    query.count === 0 ? [] : await exec.all<{ id: string }>(`SELECT ${idColumn} AS "id" ${from} ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`, [...params, ...sort.params, query.count, query.offset]);
  const ids = rows.map((r) => r.id);
  if (!early && query.count > 0 && ids.length < query.count && (ids.length > 0 || query.offset === 0)) return { total: query.offset + ids.length, ids };
  return { total: await (early ?? count()), ids };
}
