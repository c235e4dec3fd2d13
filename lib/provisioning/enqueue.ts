import type { SqlExecutor } from "../db/sql.ts";
import type { ChangeOrigin, IdentityChange } from "../identity/changes.ts";
import { rolesHeldBy } from "../identity/roles/holders.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { encryptText } from "../crypto/crypto.ts";
import { activeProvisioners, type ActiveProvisioner } from "./provisioners.ts";
import { insertEvent } from "./outbox/events.ts";
import { isDeactivation, queueUserRemoval } from "./deletion-guard.ts";
import { hasQueuedEvent } from "./outbox/queue-reads.ts";
import { hasMapping } from "./outbox/remote-mappings.ts";
import { provisionedUser } from "./snapshot.ts";
import { passesRule } from "./provisioning-rule.ts";
import { serverSecret } from "./server-secret.ts";

export const PASSWORD_PURPOSE = "outbox-password";

/** Provisioning roles and rules: does this user belong at this target? */
function eligible(p: ActiveProvisioner, user: UserView, roles: Set<string>): boolean {
  if (p.roleIds.length && !p.roleIds.some((r) => roles.has(r))) return false;
  return passesRule(p.rulesEnabled, p.filter, user);
}

/**
 * Runs inside the transaction of every change to the store: one outbox row per target connector selected by the
 * initiating service provider's outbound configuration, its connections' provisioning roles and its rules.
 * Delivery happens after commit, so a change that rolls back is never provisioned.
 */
export async function enqueueChange(tx: SqlExecutor, change: IdentityChange, origin: ChangeOrigin): Promise<void> {
  let provisioners = await activeProvisioners(tx, origin.serviceProviderId);
  if (origin.trigger === "jit") provisioners = provisioners.filter((p) => p.jitEnabled);
  if (!provisioners.length) return;

  if (change.entityType === "User") {
    if (change.operation === "delete") {
      for (const p of provisioners) await queueUserRemoval(tx, p, change.entityId, "delete", { name: change.name }, origin);
      return;
    }
    const [user] = change.snapshot ? [change.snapshot] : await loadUsers(tx, [change.entityId], { groups: true });
    if (!user) return;
    const roles = await rolesHeldBy(tx, user.id);
    const password = change.password ? encryptText(serverSecret(), change.password, PASSWORD_PURPOSE) : undefined;
    for (const p of provisioners) {
      if (eligible(p, user, roles)) {
        const payload = { name: user.userName, user: provisionedUser(user), ...(password ? { password } : {}) };
        // a deactivation takes access away at the target like a delete: the deletion guard counts it
        if (change.operation === "update" && (await isDeactivation(tx, p.connectorId, user.id, user))) await queueUserRemoval(tx, p, user.id, "update", payload, origin);
        else await insertEvent(tx, p, "User", user.id, change.operation, payload, origin);
      } else if (change.operation === "update" && ((await hasMapping(tx, p.connectorId, "User", user.id)) || (await hasQueuedEvent(tx, p.connectorId, "User", user.id)))) {
        // the user no longer matches the target's roles or rules: remove them there
        await queueUserRemoval(tx, p, user.id, "delete", { name: user.userName, reason: "no longer eligible", user: provisionedUser(user) }, origin);
      }
    }
    return;
  }

  if (change.entityType === "Group") {
    for (const p of provisioners) {
      if (change.operation === "update") {
        await insertEvent(tx, p, "Group", change.entityId, "update", { name: change.name, addMembers: change.addMembers, removeMembers: change.removeMembers, renamed: change.renamed }, origin);
      } else {
        await insertEvent(tx, p, "Group", change.entityId, change.operation, { name: change.name }, origin);
      }
    }
    return;
  }

  // role assignments: users gaining a connection's provisioning role are created there, users losing it removed
  const before = new Set(change.usersBefore);
  const after = new Set(change.usersAfter);
  const changed = [...new Set([...before, ...after])].filter((u) => before.has(u) !== after.has(u));
  if (!changed.length) return;
  const roleTargets = provisioners.filter((p) => p.roleIds.includes(change.entityId));
  if (!roleTargets.length) return;
  const users = await loadUsers(tx, changed, { groups: true });
  for (const user of users) {
    const roles = await rolesHeldBy(tx, user.id);
    for (const p of roleTargets) {
      if (eligible(p, user, roles)) await insertEvent(tx, p, "User", user.id, "create", { name: user.userName, user: provisionedUser(user) }, origin);
      else if (!p.roleIds.some((r) => roles.has(r)))
        await queueUserRemoval(tx, p, user.id, "delete", { name: user.userName, reason: "provisioning role revoked", user: provisionedUser(user) }, origin);
    }
  }
}
