import type { Db } from "../../db/client.ts";
import { recordAudit } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { newId } from "../ids.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { storeForDomain } from "../user-stores.ts";
import type { WriteContext } from "../users/create-user.ts";
import { groupInputSchema, type GroupInput } from "./group-input.ts";
import { groupRowInclude, toGroupView, type GroupView } from "./group-view.ts";
import { assertUsersExist } from "./members.ts";

export async function createGroup(client: Db, raw: GroupInput, ctx: WriteContext): Promise<GroupView> {
  const input = groupInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.displayName);
  try {
    return await client.$transaction(async (tx) => {
      const store = await storeForDomain(tx, domain ?? ctx.defaultDomain, "displayName");
      const displayNameKey = normaliseKey(name);
      const taken = await tx.group.findUnique({ where: { storeId_displayNameKey: { storeId: store.id, displayNameKey } }, select: { id: true } });
      if (taken) throw IdentityError.conflict(`Group "${input.displayName}" already exists`, "displayName");
      const memberIds = [...new Set(input.memberIds)];
      await assertUsersExist(tx, memberIds);
      const id = newId();
      const row = await tx.group.create({
        data: {
          id,
          storeId: store.id,
          displayName: name,
          displayNameKey,
          externalId: input.externalId ?? null,
          members: { create: memberIds.map((userId) => ({ userId })) },
        },
        include: groupRowInclude,
      });
      await recordAudit(tx, ctx.actor, { action: "group.create", targetType: "Group", targetId: id, summary: `${row.displayName} (${memberIds.length} members)` });
      return toGroupView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`Group "${input.displayName}" already exists`, "displayName");
    throw err;
  }
}
