import type { SqlExecutor } from "../db/sql.ts";
import { IdentityError } from "../identity/errors.ts";
import { allGroupIds } from "../identity/groups/group-reads.ts";
import { usersHoldingAnyRole } from "../identity/roles/holders.ts";
import { allUserIds } from "../identity/users/user-rows.ts";
import { connectorSummaries, provisioningRoleIds, type ConnectorSummary } from "./connections.ts";
import { queuedEntities } from "./outbox/queue-reads.ts";
import { mappedEntities } from "./outbox/remote-mappings.ts";

/** What a sync of one connector works from: who is in scope, what the target has, what already waits in the queue. */
export interface SyncScope {
  connector: ConnectorSummary;
  roleIds: string[];
  /** users the connection provisions: holders of its provisioning roles (directly or through a group), or everyone */
  eligibleUsers: string[];
  eligible: Set<string>;
  allGroups: string[];
  /** ids with a remote id at the connector */
  mapped: { User: Set<string>; Group: Set<string> };
  /** `User:id` / `Group:id` of objects with an event waiting for this connector */
  waiting: Set<string>;
}

/**
 * Reads a connector's scope as enqueue.ts decides eligibility (its connection's provisioning roles, when set;
 * provisioner rules belong to service providers and do not apply to a sync). Ids only: 100,000 users fit.
 */
export async function syncScope(exec: SqlExecutor, connectorId: string): Promise<SyncScope> {
  const [connector] = await connectorSummaries(exec, [connectorId]);
  if (!connector) throw IdentityError.notFound("Connector");
  const roleIds = await provisioningRoleIds(exec, connector.connectionId);
  const [allUsers, allGroups, mappings, queued] = await Promise.all([allUserIds(exec), allGroupIds(exec), mappedEntities(exec, connectorId), queuedEntities(exec, connectorId)]);
  const holders = roleIds.length ? await usersHoldingAnyRole(exec, roleIds) : undefined;
  const eligibleUsers = holders ? allUsers.filter((id) => holders.has(id)) : allUsers;
  const mapped = { User: new Set<string>(), Group: new Set<string>() };
  for (const m of mappings) if (m.entityType === "User" || m.entityType === "Group") mapped[m.entityType].add(m.entityId);
  return { connector, roleIds, eligibleUsers, eligible: new Set(eligibleUsers), allGroups, mapped, waiting: new Set(queued.map((q) => `${q.entityType}:${q.entityId}`)) };
}
