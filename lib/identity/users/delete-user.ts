import type { Sql } from "../../db/sql.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError } from "../errors.ts";
import { emitChange, type ChangeOrigin } from "../changes.ts";
import { credentialsChanged } from "./credential-changes.ts";
import { assertAdminRemains, holdsAdminRole } from "../roles/admin-guard.ts";
import type { Columns } from "../../generated/tables.ts";

/** Deletes a user with their memberships, role assignments and attribute values (cascades). */
export async function deleteUser(sql: Sql, id: string, actor: Actor, origin?: ChangeOrigin): Promise<void> {
  await sql.transaction(async (tx) => {
    const user = await tx.get<Columns<"User", "userName">>(`SELECT "userName" FROM "User" WHERE "id" = ?`, [id]);
    if (!user) throw IdentityError.notFound("User");
    const wasAdmin = await holdsAdminRole(tx, id);
    await emitChange(tx, { entityType: "User", entityId: id, operation: "delete", name: user.userName }, origin);
    // memberships and values go by ON DELETE CASCADE
    await tx.run(`DELETE FROM "User" WHERE "id" = ?`, [id]);
    if (wasAdmin) await assertAdminRemains(tx);
    await recordAudit(tx, actor, { action: "user.delete", targetType: "User", targetId: id, summary: user.userName });
  });
  credentialsChanged(sql);
}
