import type { Sql, SqlExecutor } from "../db/sql.ts";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "../identity/audit.ts";
import type { ChangeOrigin } from "../identity/changes.ts";
import { IdentityError } from "../identity/errors.ts";
import { memberIds } from "../identity/groups/member-rows.ts";
import { loadGroups } from "../identity/groups/group-reads.ts";
import { loadUsers } from "../identity/users/user-rows.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { wakeWorker } from "./engine.ts";
import { queueUserRemoval } from "./deletion-guard.ts";
import { insertEvent } from "./outbox/events.ts";
import { lastKnownName } from "./outbox/attempts.ts";
import { syncScope } from "./sync-scope.ts";
import type { ActiveProvisioner } from "./provisioners.ts";
import { provisionedUser } from "./snapshot.ts";

export interface SyncResult {
  create: number;
  update: number;
  delete: number;
  total: number;
  /** objects left alone because an event for them is already waiting in the queue */
  alreadyQueued: number;
  failed: number;
  /** the first failures, for the operator; the sync went on past them */
  errors: { entityType: string; entityId: string; error: string }[];
  dryRun: boolean;
}

type Operation = "create" | "update" | "delete";
interface Planned {
  entityType: "User" | "Group";
  entityId: string;
  operation: Operation;
}

const CHUNK = 200;
const MAX_REPORTED_ERRORS = 20;

/**
 * Reconciles a connector with the store: every eligible user (its connection's provisioning roles, when set;
 * provisioner rules belong to service providers and do not apply here) and every group is queued as an update
 * when it has a remote id, as a create when it has none; users and groups with a remote id that are no longer
 * eligible, or no longer exist, are queued for deletion. The worker delivers the events as for any change.
 * Users go first so that groups find their members' remote ids. A dry run only counts (sync-plan/ lists it object by object).
 */
export async function syncConnector(sql: Sql, connectorId: string, options: { dryRun?: boolean; actor?: Actor } = {}): Promise<SyncResult> {
  const dryRun = options.dryRun ?? false;
  const { connector, roleIds, eligibleUsers, eligible: eligibleSet, allGroups, mapped, waiting } = await syncScope(sql, connectorId);
  if (!dryRun && !(connector.enabled && connector.connectionEnabled)) {
    throw IdentityError.invalid("The connector or its connection is disabled: enable it before syncing, or run a dry run");
  }

  const plan: Planned[] = [];
  let alreadyQueued = 0;
  const add = (entityType: "User" | "Group", entityId: string, operation: Operation) => {
    if (waiting.has(`${entityType}:${entityId}`)) alreadyQueued++;
    else plan.push({ entityType, entityId, operation });
  };
  for (const id of eligibleUsers) add("User", id, mapped.User.has(id) ? "update" : "create");
  for (const id of mapped.User) if (!eligibleSet.has(id)) add("User", id, "delete");
  const groupSet = new Set(allGroups);
  for (const id of allGroups) add("Group", id, mapped.Group.has(id) ? "update" : "create");
  for (const id of mapped.Group) if (!groupSet.has(id)) add("Group", id, "delete");

  const result: SyncResult = { create: 0, update: 0, delete: 0, total: 0, alreadyQueued, failed: 0, errors: [], dryRun };
  if (dryRun) {
    for (const p of plan) result[p.operation]++;
    result.total = plan.length;
    return result;
  }

  const target: ActiveProvisioner = {
    id: `sync:${connectorId}`,
    serviceProviderId: "",
    connectorId,
    connectorType: connector.type,
    connectionId: connector.connectionId,
    connectionName: connector.connectionName,
    blocking: false,
    rulesEnabled: false,
    rule: null,
    jitEnabled: false,
    roleIds,
  };
  const origin: ChangeOrigin = { serviceProviderId: "", trigger: "sync" };
  const fail = (p: Planned, err: unknown) => {
    result.failed++;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ entityType: p.entityType, entityId: p.entityId, error: (err as Error)?.message ?? String(err) });
  };

  for (let i = 0; i < plan.length; i += CHUNK) {
    const chunk = plan.slice(i, i + CHUNK);
    let written: Planned[];
    try {
      written = await sql.transaction((tx) => queueChunk(tx, target, origin, chunk));
    } catch {
      // something in this chunk is broken: one transaction per object finds it and keeps the others
      written = [];
      for (const p of chunk) {
        try {
          written.push(...(await sql.transaction((tx) => queueChunk(tx, target, origin, [p]))));
        } catch (err) {
          fail(p, err);
        }
      }
    }
    for (const p of written) result[p.operation]++;
    result.total += written.length;
  }

  await recordAudit(sql, options.actor ?? SYSTEM_ACTOR, {
    action: "connector.sync",
    targetType: "Connector",
    targetId: connectorId,
    summary: `${result.create} create, ${result.update} update, ${result.delete} delete${result.failed ? `, ${result.failed} failed` : ""}`,
  });
  if (result.total) wakeWorker(sql);
  return result;
}

/** Writes the events of one chunk; objects gone since planning are left out. Returns what was queued. */
async function queueChunk(tx: SqlExecutor, target: ActiveProvisioner, origin: ChangeOrigin, chunk: Planned[]): Promise<Planned[]> {
  const userIds = chunk.filter((p) => p.entityType === "User").map((p) => p.entityId);
  const groupIds = chunk.filter((p) => p.entityType === "Group").map((p) => p.entityId);
  const users = new Map<string, UserView>((await loadUsers(tx, userIds)).map((u) => [u.id, u]));
  // qualified names ("SALES/ops"), as delivery sends them
  const groups = new Map<string, string>((await loadGroups(tx, groupIds, { countMembers: false })).map((g) => [g.id, g.displayName]));
  const written: Planned[] = [];
  for (const p of chunk) {
    if (p.entityType === "User") {
      const user = users.get(p.entityId);
      if (p.operation === "delete") {
        const name = user?.userName ?? (await lastKnownName(tx, target.connectorId, p.entityType, p.entityId)) ?? p.entityId;
        await queueUserRemoval(tx, target, p.entityId, "delete", user ? { name, reason: "no longer eligible", user: provisionedUser(user) } : { name, reason: "no longer exists" }, origin);
      } else {
        if (!user) continue;
        // a sync mends drift at the target: every mapped attribute goes again, not the delta since the last send
        await insertEvent(tx, target, "User", user.id, p.operation, { name: user.userName, user: provisionedUser(user), ...(p.operation === "update" ? { resend: true } : {}) }, origin);
      }
    } else {
      const name = groups.get(p.entityId);
      if (p.operation === "delete") {
        await insertEvent(tx, target, "Group", p.entityId, "delete", { name: name ?? (await lastKnownName(tx, target.connectorId, p.entityType, p.entityId)) ?? p.entityId }, origin);
      } else {
        if (name === undefined) continue;
        if (p.operation === "create") {
          await insertEvent(tx, target, "Group", p.entityId, "create", { name }, origin);
        } else {
          // the remote membership is unknown here: adding every current member brings it up to date (adds are idempotent)
          const members = await memberIds(tx, p.entityId);
          await insertEvent(tx, target, "Group", p.entityId, "update", { name, addMembers: members, removeMembers: [], renamed: true }, origin);
        }
      }
    }
    written.push(p);
  }
  return written;
}
