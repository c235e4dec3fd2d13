import { credentialsChanged } from "./credential-changes.ts";
import type { Sql } from "../../db/sql.ts";
import { hashPassword } from "../../auth/password.ts";
import { recordAudit } from "../audit.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { insertValues, loadUserRow, loadUsers, userNameTaken } from "./user-rows.ts";
import { toUserView, type UserValueRow, type UserView } from "./user-view.ts";
import type { WriteContext } from "./create-user.ts";
import { emitChange } from "../changes.ts";
import { endUserSessions } from "../../auth/console-sessions.ts";

export interface ReplaceOptions {
  /** optimistic concurrency: the version the caller last saw (ETag / form) */
  ifVersion?: number;
}

/** The comparable state of a user: what a replace can change. */
function state(view: UserView): string {
  const { id, version, createdAt, updatedAt, hasPassword, locked, source, groups, ...rest } = view;
  return JSON.stringify(rest);
}

/**
 * Replaces a user's state. A missing password keeps the current one (Okta sends PUT without it);
 * a replace that changes nothing writes nothing and keeps the version.
 */
export async function replaceUser(sql: Sql, id: string, raw: UserInput, ctx: WriteContext, options: ReplaceOptions = {}): Promise<UserView> {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  const defs = await listCustomAttributes(sql);
  const values = userValueRows(input, defs);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const taken = () => IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
  try {
    const changed = await sql.transaction(async (tx) => {
      const current = await loadUserRow(tx, id);
      if (!current) throw IdentityError.notFound("User");
      if (options.ifVersion !== undefined && options.ifVersion !== Number(current.version)) {
        throw new IdentityError("precondition_failed", "The user was changed by someone else; reload and try again");
      }
      if (domain && domain !== current.domain) {
        throw IdentityError.invalid(`A user cannot move from user store ${current.domain} to ${domain}`, "userName");
      }
      const columns = userColumns(input);
      const currentValues = await tx.all<UserValueRow>(`SELECT * FROM "UserValue" WHERE "userId" = ? ORDER BY "attribute", "position"`, [id]);
      const before = toUserView(current, currentValues, defs);
      const next = toUserView({ ...current, ...columns, userName: name }, [...values].sort((a, b) => (a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : a.position - b.position)), defs);
      if (state(next) === state(before) && passwordHash === undefined) return false;

      const userNameKey = normaliseKey(name);
      if (userNameKey !== current.userNameKey && (await userNameTaken(tx, String(current.storeId), userNameKey, id))) throw taken();
      const now = new Date();
      const update: Record<string, unknown> = { userName: name, userNameKey, ...columns, updatedAt: now };
      if (passwordHash) Object.assign(update, { passwordHash, passwordChangedAt: now, failedLogins: 0, lockedUntil: null });
      const names = Object.keys(update);
      await tx.run(`UPDATE "User" SET ${names.map((n) => `"${n}" = ?`).join(", ")}, "version" = "version" + 1 WHERE "id" = ?`, [...(Object.values(update) as never[]), id]);
      // a new password or a deactivation ends the console sessions opened before it, on every instance
      if (passwordHash || columns.active === false) await endUserSessions(tx, id);
      await tx.run(`DELETE FROM "UserValue" WHERE "userId" = ?`, [id]);
      await insertValues(tx, id, values);
      await recordAudit(tx, ctx.actor, { action: passwordHash ? "user.update+password" : "user.update", targetType: "User", targetId: id, summary: name });
      await emitChange(tx, { entityType: "User", entityId: id, operation: "update", name, password: input.password }, ctx.origin);
      return true;
    });
    if (changed) credentialsChanged();
    const [view] = await loadUsers(sql, [id], { groups: true });
    if (!view) throw IdentityError.notFound("User");
    return view;
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}
