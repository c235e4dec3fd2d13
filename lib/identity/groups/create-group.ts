import type { Sql } from "../../db/sql.ts";
import { recordAudit } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { newId } from "../ids.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { storeForDomain } from "../user-stores.ts";
import type { WriteContext } from "../users/create-user.ts";
import { groupInputSchema, type GroupInput } from "./group-input.ts";
import { getGroup } from "./group-reads.ts";
import type { GroupView } from "./group-view.ts";
import { addMemberRows, assertUsersExist } from "./member-rows.ts";
import { emitChange } from "../changes.ts";

export async function createGroup(sql: Sql, raw: GroupInput, ctx: WriteContext): Promise<GroupView> {
  const input = groupInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.displayName);
  const exists = () => IdentityError.conflict(`Group "${input.displayName}" already exists`, "displayName");
  try {
    const id = await sql.transaction(async (tx) => {
      const store = await storeForDomain(tx, domain ?? ctx.defaultDomain, "displayName");
      const displayNameKey = normaliseKey(name);
      if (await tx.get(`SELECT 1 AS "x" FROM "Group" WHERE "storeId" = ? AND "displayNameKey" = ?`, [store.id, displayNameKey])) throw exists();
      const memberIds = [...new Set(input.memberIds)];
      await assertUsersExist(tx, memberIds);
      const id = newId();
      const now = new Date();
      await tx.run(`INSERT INTO "Group" ("id", "storeId", "displayName", "displayNameKey", "externalId", "version", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, [
        id,
        store.id,
        name,
        displayNameKey,
        input.externalId ?? null,
        now,
        now,
      ]);
      await addMemberRows(tx, id, memberIds);
      await recordAudit(tx, ctx.actor, { action: "group.create", targetType: "Group", targetId: id, summary: `${name} (${memberIds.length} members)` });
      await emitChange(tx, { entityType: "Group", entityId: id, operation: "create", name }, ctx.origin);
      return id;
    });
    return getGroup(sql, id);
  } catch (err) {
    if (isUniqueViolation(err)) throw exists();
    throw err;
  }
}
