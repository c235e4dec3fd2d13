import type { Db, Tx } from "../../db/client.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError } from "../errors.ts";
import { toUserView, userRowInclude, type UserView } from "../users/user-view.ts";
import type { Page } from "../users/list-users.ts";

export async function assertUsersExist(tx: Tx, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  const found = await tx.user.count({ where: { id: { in: userIds } } });
  if (found !== userIds.length) throw IdentityError.invalid("A member does not exist", "members");
}

/**
 * Adds members one row each and never reads the existing member list, so a group of 100,000 members
 * costs the same to change as a group of two. Members already present are left as they are.
 */
export async function addMembers(client: Db, groupId: string, userIds: string[], actor: Actor): Promise<number> {
  const ids = [...new Set(userIds)];
  return client.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id: groupId }, select: { id: true } });
    if (!group) throw IdentityError.notFound("Group");
    await assertUsersExist(tx, ids);
    const present = await tx.groupMember.findMany({ where: { groupId, userId: { in: ids } }, select: { userId: true } });
    const presentIds = new Set(present.map((p) => p.userId));
    const fresh = ids.filter((id) => !presentIds.has(id));
    if (fresh.length === 0) return 0;
    await tx.groupMember.createMany({ data: fresh.map((userId) => ({ groupId, userId })) });
    await tx.group.update({ where: { id: groupId }, data: { version: { increment: 1 } } });
    await recordAudit(tx, actor, { action: "group.members.add", targetType: "Group", targetId: groupId, summary: `${fresh.length} added` });
    return fresh.length;
  });
}

export async function removeMembers(client: Db, groupId: string, userIds: string[], actor: Actor): Promise<number> {
  return client.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id: groupId }, select: { id: true } });
    if (!group) throw IdentityError.notFound("Group");
    const { count } = await tx.groupMember.deleteMany({ where: { groupId, userId: { in: userIds } } });
    if (count === 0) return 0;
    await tx.group.update({ where: { id: groupId }, data: { version: { increment: 1 } } });
    await recordAudit(tx, actor, { action: "group.members.remove", targetType: "Group", targetId: groupId, summary: `${count} removed` });
    return count;
  });
}

export async function listMembers(client: Db, groupId: string, startIndex = 1, count = 50): Promise<Page<UserView>> {
  const where = { memberships: { some: { groupId } } };
  const [totalResults, rows] = await Promise.all([
    client.user.count({ where }),
    client.user.findMany({ where, include: userRowInclude, orderBy: [{ userNameKey: "asc" }, { id: "asc" }], skip: Math.max(0, startIndex - 1), take: count }),
  ]);
  return { totalResults, startIndex, items: rows.map((r) => toUserView(r)) };
}
