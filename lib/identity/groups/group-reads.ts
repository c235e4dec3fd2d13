import type { SqlExecutor, SqlParam } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import { IdentityError } from "../errors.ts";
import { normaliseKey, qualifyName } from "../qualified-name.ts";
import { containsPattern, MAX_PAGE, type ListQuery, type Page } from "../users/list-users.ts";
import { loadUsers } from "../users/user-rows.ts";
import type { UserView } from "../users/user-view.ts";
import { groupSelect, toGroupView, type GroupView } from "./group-view.ts";
import type { Columns } from "../../generated/tables.ts";

export async function loadGroups(exec: SqlExecutor, ids: string[], options: { countMembers?: boolean } = {}): Promise<GroupView[]> {
  if (ids.length === 0) return [];
  const rows = await exec.all(`${groupSelect(options.countMembers ?? true)} WHERE g."id" IN (${placeholders(ids.length)})`, ids);
  const byId = new Map(rows.map((r) => [String(r.id), toGroupView(r)]));
  return ids.map((id) => byId.get(id)).filter((g): g is GroupView => g !== undefined);
}

export async function getGroup(exec: SqlExecutor, id: string, options: { countMembers?: boolean } = {}): Promise<GroupView> {
  const [group] = await loadGroups(exec, [id], options);
  if (!group) throw IdentityError.notFound("Group");
  return group;
}

/** The group of exactly this name in this store (names compare without case, as everywhere). */
export async function groupIdByName(exec: SqlExecutor, storeId: string, name: string): Promise<string | undefined> {
  const row = await exec.get<Columns<"Group", "id">>(`SELECT "id" FROM "Group" WHERE "storeId" = ? AND "displayNameKey" = ?`, [storeId, normaliseKey(name)]);
  return row?.id;
}

/** Every group's id, in id order. */
export async function allGroupIds(exec: SqlExecutor): Promise<string[]> {
  return (await exec.all<Columns<"Group", "id">>(`SELECT "id" FROM "Group" ORDER BY "id"`)).map((r) => String(r.id));
}

export async function listGroups(exec: SqlExecutor, query: ListQuery): Promise<Page<GroupView>> {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_PAGE, Math.max(0, query.count ?? 20));
  const where: string[] = [];
  const params: SqlParam[] = [];
  if (query.domain) {
    where.push(`g."storeId" = (SELECT "id" FROM "UserStore" WHERE "domain" = ?)`);
    params.push(query.domain.toUpperCase());
  }
  if (query.search?.trim()) {
    where.push(`g."displayNameKey" LIKE ? ESCAPE '\\'`);
    params.push(containsPattern(normaliseKey(query.search.trim())));
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Group" g ${clause}`, params),
    exec.all<{ id: string }>(`SELECT g."id" FROM "Group" g ${clause} ORDER BY g."displayNameKey", g."id" LIMIT ? OFFSET ?`, [...params, count, startIndex - 1]),
  ]);
  return {
    totalResults: Number(total?.n ?? 0),
    startIndex,
    items: await loadGroups(
      exec,
      rows.map((r) => r.id),
    ),
  };
}

/** A page of members as full users, for the console. */
export async function listMembers(exec: SqlExecutor, groupId: string, startIndex = 1, count = 50): Promise<Page<UserView>> {
  const [total, rows] = await Promise.all([
    exec.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "GroupMember" WHERE "groupId" = ?`, [groupId]),
    exec.all<{ id: string }>(`SELECT u."id" FROM "GroupMember" m JOIN "User" u ON u."id" = m."userId" WHERE m."groupId" = ? ORDER BY u."userNameKey", u."id" LIMIT ? OFFSET ?`, [
      groupId,
      Math.min(MAX_PAGE, count),
      Math.max(0, startIndex - 1),
    ]),
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

/** Every member as a reference (id and qualified user name): what a SCIM Group carries. */
export async function memberRefs(exec: SqlExecutor, groupIds: string[]): Promise<Map<string, { id: string; display: string }[]>> {
  const out = new Map<string, { id: string; display: string }[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return out;
  const rows = await exec.all<{ groupId: string; id: string; userName: string; domain: string }>(
    `SELECT m."groupId", u."id", u."userName", s."domain" FROM "GroupMember" m JOIN "User" u ON u."id" = m."userId" JOIN "UserStore" s ON s."id" = u."storeId"
     WHERE m."groupId" IN (${placeholders(groupIds.length)}) ORDER BY m."createdAt", u."id"`,
    groupIds,
  );
  for (const r of rows) out.get(r.groupId)?.push({ id: r.id, display: qualifyName(r.domain, r.userName) });
  return out;
}
