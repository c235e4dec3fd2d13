import type { Db } from "../../db/client.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import type { ListQuery, Page } from "../users/list-users.ts";
import { MAX_PAGE } from "../users/list-users.ts";
import { groupNameSchema } from "./group-input.ts";
import { groupRowInclude, toGroupView, type GroupView } from "./group-view.ts";

export async function getGroup(client: Db, id: string): Promise<GroupView> {
  const row = await client.group.findUnique({ where: { id }, include: groupRowInclude });
  if (!row) throw IdentityError.notFound("Group");
  return toGroupView(row);
}

export async function listGroups(client: Db, query: ListQuery): Promise<Page<GroupView>> {
  const startIndex = Math.max(1, query.startIndex ?? 1);
  const count = Math.min(MAX_PAGE, Math.max(0, query.count ?? 20));
  const term = query.search?.trim() ? normaliseKey(query.search.trim()) : undefined;
  const where = {
    ...(query.domain ? { store: { domain: query.domain.toUpperCase() } } : {}),
    ...(term ? { displayNameKey: { contains: term } } : {}),
  };
  const [totalResults, rows] = await Promise.all([
    client.group.count({ where }),
    client.group.findMany({ where, include: groupRowInclude, orderBy: [{ displayNameKey: "asc" }, { id: "asc" }], skip: startIndex - 1, take: count }),
  ]);
  return { totalResults, startIndex, items: rows.map(toGroupView) };
}

export async function renameGroup(client: Db, id: string, displayName: string, actor: Actor): Promise<GroupView> {
  const qualified = groupNameSchema.parse(displayName);
  const { domain, name } = splitQualifiedName(qualified);
  try {
    return await client.$transaction(async (tx) => {
      const current = await tx.group.findUnique({ where: { id }, include: groupRowInclude });
      if (!current) throw IdentityError.notFound("Group");
      if (domain && domain !== current.store.domain) throw IdentityError.invalid(`A group cannot move from user store ${current.store.domain} to ${domain}`, "displayName");
      if (current.displayName === name) return toGroupView(current);
      const row = await tx.group.update({
        where: { id },
        data: { displayName: name, displayNameKey: normaliseKey(name), version: { increment: 1 } },
        include: groupRowInclude,
      });
      await recordAudit(tx, actor, { action: "group.rename", targetType: "Group", targetId: id, summary: `${current.displayName} -> ${name}` });
      return toGroupView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`Group "${qualified}" already exists`, "displayName");
    throw err;
  }
}

export async function deleteGroup(client: Db, id: string, actor: Actor): Promise<void> {
  await client.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id }, select: { displayName: true } });
    if (!group) throw IdentityError.notFound("Group");
    await tx.group.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "group.delete", targetType: "Group", targetId: id, summary: group.displayName });
  });
}
