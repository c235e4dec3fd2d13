import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { cacheOf } from "../../db/instance-state.ts";
import type { Filter } from "../../scim/filter/ast.ts";
import { compileFilter } from "../query/compile-filter.ts";
import { compileSort } from "../query/compile-sort.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { stampColumns, stampsFrom, type StampRow, type UserStamp } from "./user-stamps.ts";

export interface ResourceQuery {
  filter?: Filter;
  sortBy?: string;
  sortOrder?: "ascending" | "descending";
  /** 0-based */
  offset: number;
  count: number;
}

export interface UserIdPage {
  total: number;
  ids: string[];
  /** the page's stamps, when the statement that found the users read them too */
  stamps?: Map<string, UserStamp>;
}

/**
 * `userName eq "…"` or `id eq "…"`, what SCIM clients send before every create or update, matches at most this
 * many users: one, or two for a qualified name ("SALES/kim" in SALES, or a PRIMARY name holding a "/"). Such few
 * rows can bring their stamps along; a filter matching thousands of rows before a sort would compute a stamp for
 * each of them. Undefined for any other filter.
 */
function lookupBound(filter: Filter | undefined): 1 | 2 | undefined {
  if (filter?.op !== "eq" || typeof filter.value !== "string" || filter.path.subAttribute !== undefined) return undefined;
  const schema = filter.path.schema?.toLowerCase();
  if (schema !== undefined && schema !== "urn:ietf:params:scim:schemas:core:2.0:user") return undefined;
  const attribute = filter.path.attribute.toLowerCase();
  if (attribute === "id") return 1;
  if (attribute === "username") return filter.value.includes("/") ? 2 : 1;
  return undefined;
}

/**
 * Ids of the users matching a SCIM filter, one page in the requested order, and the total: both are single
 * SQL statements, whatever the number of users. A lookup by a unique key reads the users' stamps in the same
 * statement, and one that matches a single user at most needs no order (a sort and a limit cost as much as the
 * lookup itself).
 */
export async function queryUserIds(exec: SqlExecutor, query: ResourceQuery): Promise<UserIdPage> {
  const customAttributes = await listCustomAttributes(exec);
  const ctx = { dialect: exec.dialect, resource: "User" as const, customAttributes };
  const where = query.filter ? compileFilter(query.filter, ctx) : { sql: "1 = 1", params: [] };
  // checked even where the order does not matter: a bad sortBy is the client's to hear about
  const sort = compileSort(query.sortBy, query.sortOrder, ctx);
  const bound = query.offset === 0 && query.count > 0 ? lookupBound(query.filter) : undefined;
  if (bound === 1) {
    const rows = await exec.all<StampRow>(`SELECT u."id" AS "id", ${stampColumns(exec.dialect)} FROM "User" u WHERE ${where.sql}`, where.params);
    return { total: rows.length, ids: rows.map((r) => r.id), stamps: stampsFrom(rows) };
  }
  const columns = bound ? `u."id" AS "id", ${stampColumns(exec.dialect)}` : `u."id" AS "id"`;
  const { total, rows } = await pageAndTotal<StampRow>(exec, `FROM "User" u WHERE ${where.sql}`, where.params, columns, sort, query);
  return { total, ids: rows.map((r) => r.id), ...(bound ? { stamps: stampsFrom(rows) } : {}) };
}

export async function queryGroupIds(exec: SqlExecutor, query: ResourceQuery): Promise<{ total: number; ids: string[] }> {
  const ctx = { dialect: exec.dialect, resource: "Group" as const, customAttributes: [] };
  const where = query.filter ? compileFilter(query.filter, ctx) : { sql: "1 = 1", params: [] };
  const sort = compileSort(query.sortBy, query.sortOrder, ctx);
  const { total, rows } = await pageAndTotal<{ id: string }>(exec, `FROM "Group" g WHERE ${where.sql}`, where.params, `g."id" AS "id"`, sort, query);
  return { total, ids: rows.map((r) => r.id) };
}

/**
 * The page first; the total costs a COUNT over every match only when the page cannot tell it (a full page,
 * or an offset past the end): a lookup by userName, the commonest list request, is a single statement. On
 * PostgreSQL an unfiltered listing, whose page is nearly always full, counts on a second connection meanwhile.
 */
async function pageAndTotal<Row extends { id: string }>(
  exec: SqlExecutor,
  from: string,
  params: SqlParam[],
  columns: string,
  sort: { orderBy: string; params: SqlParam[] },
  query: ResourceQuery,
): Promise<{ total: number; rows: Row[] }> {
  const count = () => countOf(exec, `SELECT COUNT(*) AS "n" ${from}`, params);
  const early = exec.dialect === "postgres" && !query.filter ? count() : undefined;
  const rows = query.count === 0 ? [] : await exec.all<Row>(`SELECT ${columns} ${from} ORDER BY ${sort.orderBy} LIMIT ? OFFSET ?`, [...params, ...sort.params, query.count, query.offset]);
  if (!early && query.count > 0 && rows.length < query.count && (rows.length > 0 || query.offset === 0)) return { total: query.offset + rows.length, rows };
  return { total: await (early ?? count()), rows };
}

const MAX_COUNTS_KEPT = 256;

/**
 * The number of matches, reused while no connection has committed since it was counted (SQLite's reader: a page
 * far into 100,000 users otherwise counts them all on every request). A commit between reading the stamp and
 * counting only makes the count newer than its stamp, so the next request counts again.
 */
async function countOf(exec: SqlExecutor, text: string, params: SqlParam[]): Promise<number> {
  const counted = () => exec.get<{ n: number }>(text, params).then((row) => Number(row?.n ?? 0));
  const stamp = exec.changeStamp?.();
  if (stamp === undefined) return counted();
  const counts = cacheOf(exec.state, "query-counts", () => new Map<string, { stamp: number; n: number }>());
  const key = `${text}\u0000${JSON.stringify(params)}`;
  const kept = counts.get(key);
  if (kept?.stamp === stamp) return kept.n;
  const n = await counted();
  if (!kept && counts.size >= MAX_COUNTS_KEPT) counts.delete(counts.keys().next().value!);
  counts.set(key, { stamp, n });
  return n;
}
