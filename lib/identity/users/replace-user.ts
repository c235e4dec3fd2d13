import type { Db } from "../../db/client.ts";
import { hashPassword } from "../../auth/password.ts";
import { recordAudit } from "../audit.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { toUserView, userRowInclude, type UserView } from "./user-view.ts";
import type { WriteContext } from "./create-user.ts";

export interface ReplaceOptions {
  /** optimistic concurrency: the version the caller last saw (ETag / form) */
  ifVersion?: number;
}

/** The comparable state of a user: what a replace can change. */
function state(view: UserView): string {
  const { id, version, createdAt, updatedAt, hasPassword, locked, source, ...rest } = view;
  return JSON.stringify(rest);
}

/**
 * Replaces a user's state. A missing password keeps the current one (Okta sends PUT without it);
 * a replace that changes nothing writes nothing and keeps the version.
 */
export async function replaceUser(client: Db, id: string, raw: UserInput, ctx: WriteContext, options: ReplaceOptions = {}): Promise<UserView> {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  try {
    return await client.$transaction(async (tx) => {
      const current = await tx.user.findUnique({ where: { id }, include: userRowInclude });
      if (!current) throw IdentityError.notFound("User");
      if (options.ifVersion !== undefined && options.ifVersion !== current.version) {
        throw new IdentityError("precondition_failed", "The user was changed by someone else; reload and try again");
      }
      if (domain && domain !== current.store.domain) {
        throw IdentityError.invalid(`A user cannot move from user store ${current.store.domain} to ${domain}`, "userName");
      }
      const columns = userColumns(input);
      const values = userValueRows(input);
      const next = toUserView({ ...current, ...columns, userName: name, values });
      const before = toUserView(current);
      if (state(next) === state(before) && passwordHash === undefined) return before;

      const userNameKey = normaliseKey(name);
      if (userNameKey !== current.userNameKey) {
        const taken = await tx.user.findUnique({ where: { storeId_userNameKey: { storeId: current.storeId, userNameKey } }, select: { id: true } });
        if (taken) throw IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
      }
      await tx.userValue.deleteMany({ where: { userId: id } });
      const now = new Date();
      const row = await tx.user.update({
        where: { id },
        data: {
          userName: name,
          userNameKey,
          ...columns,
          ...(passwordHash ? { passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null } : {}),
          version: { increment: 1 },
          values: { create: values },
        },
        include: userRowInclude,
      });
      await recordAudit(tx, ctx.actor, { action: passwordHash ? "user.update+password" : "user.update", targetType: "User", targetId: id, summary: row.userName });
      return toUserView(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
    throw err;
  }
}
