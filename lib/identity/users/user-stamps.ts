import type { Dialect, SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";

/**
 * What a user's representation depends on in the store, as one short string: the user's version (bumped by
 * every change of the row or its values) and, for each group it belongs to, the group's id and version (a
 * membership change alters the list, a rename bumps the version). Read from the database on every request, it
 * lets an instance reuse what it serialised before without ever serving a user another instance has changed.
 */
export function groupStampColumn(dialect: Dialect): string {
  const from = `FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" WHERE m."userId" = u."id"`;
  return dialect === "sqlite" ? `(SELECT group_concat(m."groupId" || ':' || g."version", ',') ${from})` : `(SELECT string_agg(m."groupId" || ':' || g."version", ',') ${from})`;
}

/** The stamp's columns of the outer row `u`, for a statement that selects users by other means. */
export const stampColumns = (dialect: Dialect): string => `u."version" AS "version", ${groupStampColumn(dialect)} AS "groups"`;

const statements = new Map<string, string>();

function stampStatement(dialect: Dialect, n: number): string {
  const key = `${dialect}:${n}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    sql = `SELECT u."id" AS "id", ${stampColumns(dialect)} FROM "User" u WHERE u."id" ${n === 1 ? "= ?" : `IN (${placeholders(n)})`}`;
    // a handful of page sizes recur; anything else is built each time rather than kept
    if (statements.size < 64) statements.set(key, sql);
  }
  return sql;
}

export const stampOf = (version: number, groups: string | null): string => `${version}|${groups ?? ""}`;

export interface UserStamp {
  version: number;
  stamp: string;
}

export interface StampRow {
  id: string;
  version: number | string;
  groups: string | null;
}

export function stampsFrom(rows: readonly StampRow[]): Map<string, UserStamp> {
  const out = new Map<string, UserStamp>();
  for (const row of rows) {
    const version = Number(row.version);
    out.set(String(row.id), { version, stamp: stampOf(version, row.groups) });
  }
  return out;
}

/** The stamps of these users, by id; a user that does not exist has none. One indexed statement. */
export async function userStamps(exec: SqlExecutor, ids: readonly string[]): Promise<Map<string, UserStamp>> {
  if (ids.length === 0) return new Map();
  return stampsFrom(await exec.all<StampRow>(stampStatement(exec.dialect, ids.length), [...ids]));
}
