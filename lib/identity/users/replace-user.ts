import { credentialsChanged } from "./credential-changes.ts";
import type { Sql, SqlExecutor } from "../../db/sql.ts";
import { hashPassword } from "../../crypto/password.ts";
import { recordAudit } from "../audit.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { insertValues, loadUserRow, loadUsers, lockUserRow, userNameTaken } from "./user-rows.ts";
import { toUserView, type UserValueRow, type UserView } from "./user-view.ts";
import type { WriteContext } from "./create-user.ts";
import { emitChange } from "../changes.ts";
import { assertAdminRemains, holdsAdminRole } from "../roles/admin-guard.ts";
import { endUserSessions } from "./console-sessions.ts";

export interface ReplaceOptions {
  /** optimistic concurrency: the version the caller last saw (ETag / form); absent, the change applies to whatever is current */
  ifVersion?: number;
}

/**
 * A change computed from the user's state at the moment of writing (a PATCH): applied to the state read under the
 * write lock, so concurrent changes from clients that sent no If-Match compose instead of overwriting or
 * failing each other. `preview` is the same change applied to an earlier read; its password is hashed before
 * the lock is taken (the operations set the same password whatever the state).
 */
export interface UserRevision {
  preview: UserInput;
  /** the new input, or null when the operations change nothing in this state */
  apply(current: UserView): UserInput | null;
}

function isRevision(change: UserInput | UserRevision): change is UserRevision {
  return typeof (change as UserRevision).apply === "function";
}

interface PreparedInput {
  input: ReturnType<typeof userInputSchema.parse>;
  domain: string | undefined;
  name: string;
  values: ReturnType<typeof userValueRows>;
}

function prepare(raw: UserInput, defs: Awaited<ReturnType<typeof listCustomAttributes>>): PreparedInput {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  return { input, domain, name, values: userValueRows(input, defs) };
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
export async function replaceUser(sql: Sql, id: string, change: UserInput | UserRevision, ctx: WriteContext, options: ReplaceOptions = {}): Promise<UserView> {
  const defs = await listCustomAttributes(sql);
  const early = prepare(isRevision(change) ? change.preview : change, defs);
  // hashing is slow by design: done before the transaction so it never holds the write lock
  const password = early.input.password;
  const earlyHash = password ? await hashPassword(password) : undefined;
  let userName = early.input.userName;
  const taken = () => IdentityError.conflict(`User name "${userName}" is already taken`, "userName");
  try {
    // read back on the connection that wrote it, whose cache holds the pages just written
    const readBack = async (tx: SqlExecutor) => {
      const [view] = await loadUsers(tx, [id], { groups: true });
      if (!view) throw IdentityError.notFound("User");
      return view;
    };
    const { changed, view } = await sql.transaction(async (tx) => {
      await lockUserRow(tx, id);
      const current = await loadUserRow(tx, id);
      if (!current) throw IdentityError.notFound("User");
      if (options.ifVersion !== undefined && options.ifVersion !== Number(current.version)) {
        throw new IdentityError("precondition_failed", "The user was changed by someone else; reload and try again");
      }
      const currentValues = await tx.all<UserValueRow>(`SELECT * FROM "UserValue" WHERE "userId" = ? ORDER BY "attribute", "position"`, [id]);
      const before = toUserView(current, currentValues, defs);
      let prepared = early;
      if (isRevision(change)) {
        const revised = change.apply(before);
        if (!revised) return { changed: false, view: await readBack(tx) };
        prepared = prepare(revised, defs);
      }
      const { input, domain, name, values } = prepared;
      userName = input.userName;
      const passwordHash = !input.password ? undefined : input.password === password ? earlyHash : await hashPassword(input.password);
      if (domain && domain !== current.domain) {
        throw IdentityError.invalid(`A user cannot move from user store ${current.domain} to ${domain}`, "userName");
      }
      const columns = userColumns(input);
      const next = toUserView(
        { ...current, ...columns, userName: name },
        [...values].sort((a, b) => (a.attribute < b.attribute ? -1 : a.attribute > b.attribute ? 1 : a.position - b.position)),
        defs,
      );
      if (state(next) === state(before) && passwordHash === undefined) return { changed: false, view: await readBack(tx) };

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
      if (before.active && !input.active && (await holdsAdminRole(tx, id))) await assertAdminRemains(tx);
      await recordAudit(tx, ctx.actor, { action: passwordHash ? "user.update+password" : "user.update", targetType: "User", targetId: id, summary: name });
      const view = await readBack(tx);
      // outbound provisioning takes the view just read rather than loading it again
      await emitChange(tx, { entityType: "User", entityId: id, operation: "update", name, password: input.password, snapshot: view }, ctx.origin);
      return { changed: true, view };
    });
    if (changed) credentialsChanged(sql);
    return view;
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}
