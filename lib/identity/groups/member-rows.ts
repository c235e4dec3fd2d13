import type { SqlExecutor } from "../../db/sql.ts";
import { placeholders } from "../../db/values.ts";
import { IdentityError } from "../errors.ts";
import type { Columns } from "../../generated/tables.ts";

const CHUNK = 400;

/** Every member's id. */
export async function memberIds(exec: SqlExecutor, groupId: string): Promise<string[]> {
  return (await exec.all<Columns<"GroupMember", "userId">>(`SELECT "userId" FROM "GroupMember" WHERE "groupId" = ?`, [groupId])).map((r) => String(r.userId));
}

export async function assertUsersExist(tx: SqlExecutor, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    const found = await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User" WHERE "id" IN (${placeholders(chunk.length)})`, chunk);
    if (Number(found?.n) !== chunk.length) {
      const present = new Set((await tx.all<{ id: string }>(`SELECT "id" FROM "User" WHERE "id" IN (${placeholders(chunk.length)})`, chunk)).map((r) => r.id));
      const missing = chunk.find((id) => !present.has(id));
      throw IdentityError.invalid(`Member "${missing}" is not a user`, "members");
    }
  }
}

/**
 * Inserts membership rows, skipping those already present, without reading the member list: adding one member
 * to a group of 100,000 is one statement. Returns how many were new.
 */
export async function addMemberRows(tx: SqlExecutor, groupId: string, userIds: string[]): Promise<number> {
  let added = 0;
  const now = new Date();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    added += await tx.run(
      `INSERT INTO "GroupMember" ("groupId", "userId", "createdAt") VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")} ON CONFLICT ("groupId", "userId") DO NOTHING`,
      chunk.flatMap((userId) => [groupId, userId, now]),
    );
  }
  return added;
}

export async function removeMemberRows(tx: SqlExecutor, groupId: string, userIds: string[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    removed += await tx.run(`DELETE FROM "GroupMember" WHERE "groupId" = ? AND "userId" IN (${placeholders(chunk.length)})`, [groupId, ...chunk]);
  }
  return removed;
}
