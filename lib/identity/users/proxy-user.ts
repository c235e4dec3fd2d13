import type { Sql } from "../../db/sql.ts";
import { recordAudit } from "../audit.ts";
import { emitChange } from "../changes.ts";
import { listCustomAttributes } from "../custom-attributes.ts";
import { IdentityError } from "../errors.ts";
import { newId } from "../ids.ts";
import { normaliseKey, splitQualifiedName } from "../qualified-name.ts";
import { storeForDomain } from "../user-stores.ts";
import { userColumns, userValueRows } from "./user-columns.ts";
import { userInputSchema, type UserInput } from "./user-input.ts";
import { toUserView, type UserView } from "./user-view.ts";
import type { WriteContext } from "./create-user.ts";

/**
 * Proxy mode (WSO2's "do not persist"): the user is validated as for a create and handed to outbound
 * provisioning, but not stored here. Only its outbox rows and an audit entry are written, in one transaction.
 */
export async function proxyCreateUser(sql: Sql, raw: UserInput, ctx: WriteContext): Promise<UserView> {
  const input = userInputSchema.parse(raw);
  const { domain, name } = splitQualifiedName(input.userName);
  if (!name.trim()) throw IdentityError.invalid("User name is required", "userName");
  const values = userValueRows(input, await listCustomAttributes(sql));
  return sql.transaction(async (tx) => {
    const store = await storeForDomain(tx, domain ?? ctx.defaultDomain);
    const now = new Date();
    const id = newId();
    const row = {
      id,
      storeId: store.id,
      domain: store.domain,
      userName: name,
      userNameKey: normaliseKey(name),
      ...userColumns(input),
      passwordHash: null,
      lockedUntil: null,
      source: "proxy",
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const snapshot = toUserView(row, values, await listCustomAttributes(tx));
    await recordAudit(tx, ctx.actor, { action: "user.proxy", targetType: "User", targetId: id, summary: `${name} (not stored: proxy mode)` });
    await emitChange(tx, { entityType: "User", entityId: id, operation: "create", name, password: input.password, snapshot }, ctx.origin);
    return snapshot;
  });
}
