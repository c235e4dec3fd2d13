import type { Dialect, SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { normaliseKey, qualifyName } from "../qualified-name.ts";
import type { UserValueData } from "./user-columns.ts";
import { toUserView, type UserRow, type UserView } from "./user-view.ts";
import type { Columns } from "../../generated/tables.ts";
import { groupStampColumn, stampOf } from "./user-stamps.ts";

const USER_SELECT = `SELECT u.*, s."domain" FROM "User" u JOIN "UserStore" s ON s."id" = u."storeId"`;

// A user's values and groups come with the user row, as JSON arrays aggregated per user, so loading any number
// of users is one statement (one round trip on PostgreSQL).
function valuesColumn(dialect: Dialect): string {
  return dialect === "sqlite"
    ? `(SELECT json_group_array(json_array(v."attribute", v."type", v."primary", v."value", v."display", v."data") ORDER BY v."attribute", v."position")
        FROM "UserValue" v WHERE v."userId" = u."id") AS "valuesJson"`
    : `(SELECT json_agg(json_build_array(v."attribute", v."type", v."primary", v."value", v."display", v."data") ORDER BY v."attribute", v."position")
        FROM "UserValue" v WHERE v."userId" = u."id")::text AS "valuesJson"`;
}

function groupsColumn(dialect: Dialect): string {
  const from = `FROM "GroupMember" m JOIN "Group" g ON g."id" = m."groupId" JOIN "UserStore" gs ON gs."id" = g."storeId" WHERE m."userId" = u."id"`;
  return dialect === "sqlite"
    ? `(SELECT json_group_array(json_array(g."id", g."displayName", gs."domain") ORDER BY g."displayNameKey") ${from}) AS "groupsJson"`
    : `(SELECT json_agg(json_build_array(g."id", g."displayName", gs."domain") ORDER BY g."displayNameKey") ${from})::text AS "groupsJson"`;
}

type PackedValue = [attribute: string, type: string | null, primary: unknown, value: string | null, display: string | null, data: string | null];
type LoadedRow = UserRow & { valuesJson: string | null; groupsJson?: string | null; groupStamp?: string | null };

/**
 * Loads users by id in the order given, with their values (and groups when asked), in one statement. With
 * `stamps`, each view also carries its stamp (see user-stamps.ts), read in the same statement as the data.
 */
export async function loadUsers(exec: SqlExecutor, ids: string[], options: { groups?: boolean; stamps?: boolean } = {}): Promise<UserView[]> {
  if (ids.length === 0) return [];
  const columns = [valuesColumn(exec.dialect), ...(options.groups ? [groupsColumn(exec.dialect)] : []), ...(options.stamps ? [`${groupStampColumn(exec.dialect)} AS "groupStamp"`] : [])].join(", ");
  const [rows, defs] = await Promise.all([
    exec.all<LoadedRow>(`SELECT u.*, s."domain", ${columns} FROM "User" u JOIN "UserStore" s ON s."id" = u."storeId" WHERE u."id" IN (${placeholders(ids.length)})`, ids),
    listCustomAttributes(exec),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const now = new Date();
  const out: UserView[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const { valuesJson, groupsJson, groupStamp, ...user } = row;
    const values = valuesJson ? (JSON.parse(valuesJson) as PackedValue[]).map(([attribute, type, primary, value, display, data]) => ({ attribute, type, primary, value, display, data })) : [];
    const view = toUserView(user as UserRow, values, defs, now);
    if (options.groups) {
      const groups = groupsJson ? (JSON.parse(groupsJson) as [string, string, string][]) : [];
      view.groups = groups.map(([groupId, displayName, domain]) => ({ id: groupId, displayName: qualifyName(domain, displayName) }));
    }
    if (options.stamps) view.stamp = stampOf(Number(row.version), groupStamp ?? null);
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

export async function userExists(exec: SqlExecutor, id: string): Promise<boolean> {
  return (await exec.get(`SELECT 1 AS "x" FROM "User" WHERE "id" = ?`, [id])) !== undefined;
}

/** Every user's id, in id order. */
export async function allUserIds(exec: SqlExecutor): Promise<string[]> {
  return (await exec.all<Columns<"User", "id">>(`SELECT "id" FROM "User" ORDER BY "id"`)).map((r) => String(r.id));
}

export async function userNameTaken(exec: SqlExecutor, storeId: string, userNameKey: string, exceptId?: string): Promise<boolean> {
  const row = await exec.get<Columns<"User", "id">>(`SELECT "id" FROM "User" WHERE "storeId" = ? AND "userNameKey" = ?`, [storeId, userNameKey]);
  return row !== undefined && row.id !== exceptId;
}

/** Users with this email address (compared without case), at most `limit`: linking a federated identity by email. */
export async function userIdsWithEmail(exec: SqlExecutor, email: string, limit = 2): Promise<string[]> {
  const rows = await exec.all<Columns<"UserValue", "userId">>(`SELECT DISTINCT "userId" FROM "UserValue" WHERE "attribute" = ? AND "valueKey" = ? LIMIT ?`, ["emails", normaliseKey(email), limit]);
  return rows.map((r) => r.userId);
}

/** The user of exactly this name in this store (names compare without case, as everywhere). */
export async function userIdByName(exec: SqlExecutor, storeId: string, name: string): Promise<string | undefined> {
  const row = await exec.get<Columns<"User", "id">>(`SELECT "id" FROM "User" WHERE "storeId" = ? AND "userNameKey" = ?`, [storeId, normaliseKey(name)]);
  return row?.id;
}

/**
 * Takes the user's row lock for the rest of the transaction, so a change computed from what it reads next cannot
 * interleave with another writer's (PostgreSQL runs transactions side by side; SQLite's single writer already
 * runs them one after another).
 */
export async function lockUserRow(tx: SqlExecutor, id: string): Promise<void> {
  if (tx.dialect === "postgres") await tx.get(`SELECT 1 AS "x" FROM "User" WHERE "id" = ? FOR UPDATE`, [id]);
}

/** Which of these names (compared without case) the store already holds, as their keys; a few statements for any number. */
export async function takenUserNameKeys(exec: SqlExecutor, storeId: string, names: readonly string[]): Promise<Set<string>> {
  const keys = [...new Set(names.map(normaliseKey))];
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const slice = keys.slice(i, i + 500);
    const rows = await exec.all<Columns<"User", "userNameKey">>(`SELECT "userNameKey" FROM "User" WHERE "storeId" = ? AND "userNameKey" IN (${placeholders(slice.length)})`, [storeId, ...slice]);
    for (const row of rows) taken.add(row.userNameKey);
  }
  return taken;
}
