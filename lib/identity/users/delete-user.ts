import type { Db } from "../../db/client.ts";
import { recordAudit, type Actor } from "../audit.ts";
import { IdentityError } from "../errors.ts";

/** Deletes a user with their memberships, role assignments and attribute values (cascades). */
export async function deleteUser(client: Db, id: string, actor: Actor): Promise<void> {
  await client.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { userName: true } });
    if (!user) throw IdentityError.notFound("User");
    await tx.user.delete({ where: { id } });
    await recordAudit(tx, actor, { action: "user.delete", targetType: "User", targetId: id, summary: user.userName });
  });
}
