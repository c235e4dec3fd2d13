import type { Sql } from "../../db/sql.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { groupNameSchema } from "./group-input.ts";
import { getGroup } from "./group-reads.ts";
import type { GroupView } from "./group-view.ts";
import { addMemberRows, assertUsersExist, removeMemberRows } from "./member-rows.ts";
import { emitChange, type ChangeOrigin } from "../changes.ts";
import { assertAdminRemains, grantsAdminRole } from "../roles/admin-guard.ts";
import type { Columns } from "../../generated/tables.ts";

/** A change to a group, applied in one transaction; members move one row each (never the whole list). */
export interface GroupChange {
  /** possibly domain-qualified; the domain must stay the same */
  displayName?: string;
  externalId?: string | null;
  /** the whole member list (PUT, replace): turned into single-member changes against the current list */
  replaceMembers?: string[];
  /** applied first */
  removeAllMembers?: boolean;
  removeMembers?: string[];
  addMembers?: string[];
}

export async function updateGroup(sql: Sql, id: string, change: GroupChange, actor: Actor, options: { ifVersion?: number; origin?: ChangeOrigin; countMembers?: boolean } = {}): Promise<GroupView> {
  const wanted = change.displayName !== undefined ? splitQualifiedName(groupNameSchema.parse(change.displayName)) : undefined;
  try {
    await sql.transaction(async (tx) => {
      // PostgreSQL: changes without If-Match apply to the latest state, one writer at a time (the member diff of a replace reads it)
      if (tx.dialect === "postgres") await tx.get(`SELECT 1 AS "x" FROM "Group" WHERE "id" = ? FOR UPDATE`, [id]);
      const current = await tx.get<{ displayName: string; externalId: string | null; version: number; storeId: string; domain: string }>(
        `SELECT g."displayName", g."externalId", g."version", g."storeId", s."domain" FROM "Group" g JOIN "UserStore" s ON s."id" = g."storeId" WHERE g."id" = ?`,
        [id],
      );
      if (!current) throw IdentityError.notFound("Group");
      if (options.ifVersion !== undefined && options.ifVersion !== Number(current.version)) {
        throw new IdentityError("precondition_failed", "The group was changed by someone else; reload and try again");
      }
      const summary: string[] = [];
      if (wanted && wanted.domain && wanted.domain !== current.domain) {
        throw IdentityError.invalid(`A group cannot move from user store ${current.domain} to ${wanted.domain}`, "displayName");
      }
      const sets: string[] = [];
      const params: (string | null)[] = [];
      if (wanted && wanted.name !== current.displayName) {
        const key = normaliseKey(wanted.name);
        const clash = await tx.get<Columns<"Group", "id">>(`SELECT "id" FROM "Group" WHERE "storeId" = ? AND "displayNameKey" = ?`, [current.storeId, key]);
        if (clash && clash.id !== id) throw IdentityError.conflict(`Group "${change.displayName}" already exists`, "displayName");
        sets.push(`"displayName" = ?`, `"displayNameKey" = ?`);
        params.push(wanted.name, key);
        summary.push(`renamed to ${wanted.name}`);
      }
      if (change.externalId !== undefined && change.externalId !== current.externalId) {
        sets.push(`"externalId" = ?`);
        params.push(change.externalId);
      }
      if (change.replaceMembers) {
        const present = new Set((await tx.all<Columns<"GroupMember", "userId">>(`SELECT "userId" FROM "GroupMember" WHERE "groupId" = ?`, [id])).map((r) => r.userId));
        const target = new Set(change.replaceMembers);
        change = { ...change, addMembers: [...target].filter((u) => !present.has(u)), removeMembers: [...present].filter((u) => !target.has(u)) };
      }
      let moved = 0;
      const removed: string[] = [];
      const added: string[] = [];
      if (change.removeAllMembers) {
        // the outbox needs who left; a remove-all is rare (PUT/replace paths diff instead)
        removed.push(...(await tx.all<Columns<"GroupMember", "userId">>(`SELECT "userId" FROM "GroupMember" WHERE "groupId" = ?`, [id])).map((r) => r.userId));
        moved += await tx.run(`DELETE FROM "GroupMember" WHERE "groupId" = ?`, [id]);
      }
      if (change.removeMembers?.length) {
        const wanted = [...new Set(change.removeMembers)];
        const present = await tx.all<{ userId: string }>(`SELECT "userId" FROM "GroupMember" WHERE "groupId" = ? AND "userId" IN (${wanted.map(() => "?").join(", ")})`, [id, ...wanted]);
        const n = await removeMemberRows(tx, id, wanted);
        removed.push(...present.map((r) => r.userId));
        moved += n;
        if (n) summary.push(`${n} removed`);
      }
      if (change.addMembers?.length) {
        const ids = [...new Set(change.addMembers)];
        await assertUsersExist(tx, ids);
        const present = new Set(
          (await tx.all<{ userId: string }>(`SELECT "userId" FROM "GroupMember" WHERE "groupId" = ? AND "userId" IN (${ids.map(() => "?").join(", ")})`, [id, ...ids])).map((r) => r.userId),
        );
        const n = await addMemberRows(tx, id, ids);
        added.push(...ids.filter((u) => !present.has(u)));
        moved += n;
        if (n) summary.push(`${n} added`);
      }
      if (sets.length === 0 && moved === 0) return;
      if (removed.length && (await grantsAdminRole(tx, id))) await assertAdminRemains(tx);
      await tx.run(`UPDATE "Group" SET ${[...sets, `"version" = "version" + 1`, `"updatedAt" = ?`].join(", ")} WHERE "id" = ?`, [...params, new Date() as never, id]);
      await recordAudit(tx, actor, { action: "group.update", targetType: "Group", targetId: id, summary: summary.join(", ") || "updated" });
      const name = wanted?.name ?? current.displayName;
      await emitChange(
        tx,
        { entityType: "Group", entityId: id, operation: "update", name, addMembers: added, removeMembers: removed.filter((u) => !added.includes(u)), renamed: sets.length > 0 },
        options.origin,
      );
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`Group "${change.displayName}" already exists`, "displayName");
    throw err;
  }
  return getGroup(sql, id, { countMembers: options.countMembers });
}

export async function deleteGroup(sql: Sql, id: string, actor: Actor, origin?: ChangeOrigin): Promise<void> {
  await sql.transaction(async (tx) => {
    const group = await tx.get<Columns<"Group", "displayName">>(`SELECT "displayName" FROM "Group" WHERE "id" = ?`, [id]);
    if (!group) throw IdentityError.notFound("Group");
    await emitChange(tx, { entityType: "Group", entityId: id, operation: "delete", name: group.displayName }, origin);
    const grantedAdmin = await grantsAdminRole(tx, id);
    await tx.run(`DELETE FROM "Group" WHERE "id" = ?`, [id]);
    if (grantedAdmin) await assertAdminRemains(tx);
    await recordAudit(tx, actor, { action: "group.delete", targetType: "Group", targetId: id, summary: group.displayName });
  });
}
