import type { Sql, SqlExecutor } from "../../db/sql.ts";
import { hashPassword } from "../../crypto/password.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { IdentityError, isUniqueViolation } from "../errors.ts";
import { newId } from "../ids.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { storeForDomain } from "../user-stores.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { insertValues, loadUsers, userNameTaken } from "./user-rows.ts";
import type { UserView } from "./user-view.ts";
import { emitChange, type ChangeOrigin } from "../changes.ts";

export interface WriteContext {
  actor: Actor;
  /** the initiating service provider's inbound user store, for names without a domain prefix */
  defaultDomain?: string;
  source?: "local" | "scim" | "jit";
  /** the initiating service provider, for outbound provisioning; absent for changes that provision nothing */
  origin?: ChangeOrigin;
  /** a JIT user's provenance: the connection that created it and the subject it has there */
  federated?: { connectionId: string; subject: string };
  /**
   * Further writes that belong to the new user (its federated link, mapped roles), in the same transaction and
   * before the change is announced, so outbound provisioning sees the user as a whole or not at all.
   */
  alsoWrite?: (tx: SqlExecutor, userId: string) => Promise<void>;
}

export async function createUser(sql: Sql, raw: UserInput, ctx: WriteContext): Promise<UserView> {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  const values = userValueRows(input, await listCustomAttributes(sql));
  // hashing is slow by design: keep it outside the transaction so it never holds the write lock
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const taken = () => IdentityError.conflict(`User name "${input.userName}" is already taken`, "userName");
  try {
    return await sql.transaction(async (tx) => {
      const store = await storeForDomain(tx, domain ?? ctx.defaultDomain);
      const userNameKey = normaliseKey(name);
      if (await userNameTaken(tx, store.id, userNameKey)) throw taken();
      const id = newId();
      const now = new Date();
      const columns = {
        id,
        storeId: store.id,
        userName: name,
        userNameKey,
        ...userColumns(input),
        passwordHash,
        passwordChangedAt: passwordHash ? now : null,
        source: ctx.source ?? "local",
        sourceConnection: ctx.federated?.connectionId ?? null,
        sourceSubject: ctx.federated?.subject ?? null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      const names = Object.keys(columns);
      await tx.run(`INSERT INTO "User" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, Object.values(columns));
      await insertValues(tx, id, values);
      await ctx.alsoWrite?.(tx, id);
      await recordAudit(tx, ctx.actor, { action: "user.create", targetType: "User", targetId: id, summary: name });
      // read back on the connection that wrote it, whose cache holds the pages just written; outbound
      // provisioning takes the same view rather than loading it again
      const [view] = await loadUsers(tx, [id], { groups: true });
      await emitChange(tx, { entityType: "User", entityId: id, operation: "create", name, password: input.password, snapshot: view }, ctx.origin);
      return view!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}
