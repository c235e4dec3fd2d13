import type { Sql } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import type { GroupView } from "../identity/groups/group-view.ts";
import { createGroup } from "../identity/groups/create-group.ts";
import { getGroup } from "../identity/groups/group-reads.ts";
import { deleteGroup, updateGroup } from "../identity/groups/update-group.ts";
import { qualifyName } from "../identity/qualified-name.ts";
import { groupFormSchema } from "../console/user-form.ts";
import { groupRename, memberChange } from "./schemas/groups.ts";
import { adminOrigin, blockingResults, type BlockingResults } from "./outbound.ts";

export type GroupChange = GroupView & BlockingResults;

export async function createGroupFromForm(sql: Sql, body: unknown, actor: Actor): Promise<GroupChange> {
  const form = groupFormSchema.parse(body);
  const origin = adminOrigin(actor);
  const group = await createGroup(sql, { displayName: qualifyName(form.domain, form.displayName) }, { actor, origin });
  return { ...group, ...(await blockingResults(origin)) };
}

/** A new name within the group's own user store. */
export async function renameGroup(sql: Sql, id: string, body: unknown, actor: Actor): Promise<GroupChange> {
  const { displayName } = groupRename.parse(body);
  const current = await getGroup(sql, id);
  const origin = adminOrigin(actor);
  const group = await updateGroup(sql, id, { displayName: qualifyName(current.domain, displayName) }, actor, { origin });
  return { ...group, ...(await blockingResults(origin)) };
}

export async function deleteGroupAs(sql: Sql, id: string, actor: Actor): Promise<BlockingResults> {
  const origin = adminOrigin(actor);
  await deleteGroup(sql, id, actor, origin);
  return blockingResults(origin);
}

/** Adds users to the group; says how many were not members yet. */
export async function addMembers(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { userIds } = memberChange.parse(body);
  const before = await getGroup(sql, id);
  const origin = adminOrigin(actor);
  const after = await updateGroup(sql, id, { addMembers: userIds }, actor, { origin });
  return { added: after.memberCount - before.memberCount, ...(await blockingResults(origin)) };
}

/** Removes users from the group; says how many were members. */
export async function removeMembers(sql: Sql, id: string, body: unknown, actor: Actor) {
  const { userIds } = memberChange.parse(body);
  const before = await getGroup(sql, id);
  const origin = adminOrigin(actor);
  const after = await updateGroup(sql, id, { removeMembers: userIds }, actor, { origin });
  return { removed: before.memberCount - after.memberCount, ...(await blockingResults(origin)) };
}
