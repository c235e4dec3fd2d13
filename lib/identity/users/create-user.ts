import type { Db } from "../../db/client.ts";
import { hashPassword } from "../../auth/password.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { newId } from "../ids.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { storeForDomain } from "../user-stores.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { toUserView, userRowInclude, type UserView } from "./user-view.ts";

export interface WriteContext {
  actor: Actor;
  /** the initiating service provider's inbound user store, for names without a domain prefix */
  defaultDomain?: string;
  source?: "local" | "scim" | "jit";
}

export async function createUser(client: Db, raw: UserInput, ctx: WriteContext): Promise<UserView> {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  // hashing is slow by design: keep it outside the transaction so it never holds a write lock
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await client.$transaction(async (tx) => {
      const store = await storeForDomain(tx, domain ?? ctx.defaultDomain);
      const userNameKey = normaliseKey(name);
      const taken = await tx.user.findUnique({ where: { storeId_userNameKey: { storeId: store.id, userNameKey } }, select: { id: true } });
      if (taken) throw IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
      const now = new Date();
      const row = await tx.user.create({
        data: {
          id: newId(),
          storeId: store.id,
          userName: name,
          userNameKey,
          ...userColumns(input),
          passwordHash,
          passwordChangedAt: passwordHash ? now : null,
          source: ctx.source ?? "local",
          createdAt: now,
          values: { create: userValueRows(input) },
        },
        include: userRowInclude,
      });
      await recordAudit(tx, ctx.actor, { action: "user.create", targetType: "User", targetId: row.id, summary: row.userName });
      return toUserView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
    throw err;
  }
}
