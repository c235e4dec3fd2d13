import type { SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { qualifyName } from "../qualified-name.ts";
import type { UserValueData } from "./user-columns.ts";
import { toUserView, type UserRow, type UserValueRow, type UserView } from "./user-view.ts";

const USER_SELECT = `SELECT u.*, s."domain" FROM "User" u JOIN "UserStore" s ON s."id" = u."storeId"`;

/**
 * Loads users by id in the order given, with their values (and groups when asked) in one query each,
 * whatever the number of users: pages of 100 cost three statements, not three hundred.
 */
export async function loadUsers(exec: SqlExecutor, ids: string[], options: { groups?: boolean } = {}): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const marks = placeholders(ids.length);
  const [rows, values, groups, defs] = await Promise.all([
    exec.all<UserRow>(`${USER_SELECT} WHERE u."id" IN (${marks})`, ids),
    exec.all<UserValueRow & { userId: string }>(`SELECT * FROM "UserValue" WHERE "userId" IN (${marks}) ORDER BY "attribute", "position"`, ids),
    options.groups
      ? exec.all<{ userId: string; id: string; displayName: string; domain: string }>(
          `SELECT m."userId", g."id", g."displayName", s."domain" FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" JOIN "UserStore" s ON s."id" = g."storeId"
           WHERE m."userId" IN (${marks}) ORDER BY g."displayNameKey"`,
          ids,
        )
      : Promise.resolve([]),
    listCustomAttributes(exec),
  ]);
  const valuesByUser = new Map<string, UserValueRow[]>();
  for (const v of values) {
    const list = valuesByUser.get(v.userId);
    if (list) list.push(v);
    else valuesByUser.set(v.userId, [v]);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = new Date();
  const out: UserView[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const view = toUserView(row, valuesByUser.get(id) ?? [], defs, now);
    if (options.groups) view.groups = groups.filter((g) => g.userId === id).map((g) => ({ id: g.id, displayName: qualifyName(g.domain, g.displayName) }));
    out.push(view);
  }
  return out;
}

export async function loadUserRow(exec: SqlExecutor, id: string): Promise<UserRow | undefined> {
  return exec.get<UserRow>(`${USER_SELECT} WHERE u."id" = ?`, [id]);
}

export async function insertValues(exec: SqlExecutor, userId: string, values: UserValueData[]): Promise<void> {
  // one multi-row INSERT per chunk: a user with many values is still a handful of statements
  for (let i = 0; i < values.length; i += 50) {
    const chunk = values.slice(i, i + 50);
    const params = chunk.flatMap((v) => [v.id, userId, v.attribute, v.position, v.type, v.primary, v.value, v.valueKey, v.valueNum, v.display, v.data]);
    await exec.run(
      `INSERT INTO "UserValue" ("id", "userId", "attribute", "position", "type", "primary", "value", "valueKey", "valueNum", "display", "data") VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      params,
    );
  }
}

export async function userNameTaken(exec: SqlExecutor, storeId: string, userNameKey: string, exceptId?: string): Promise<boolean> {
  const row = await exec.get<{ id: string }>(`SELECT "id" FROM "User" WHERE "storeId" = ? AND "userNameKey" = ?`, [storeId, userNameKey]);
  return row !== undefined && row.id !== exceptId;
}
