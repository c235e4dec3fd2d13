import type { Sql } from "../../db/sql.ts";
import { IdentityError } from "../../identity/errors.ts";
import { loadGroups } from "../../identity/groups/group-reads.ts";
import { memberIds } from "../../identity/groups/member-rows.ts";
import { loadUsers } from "../../identity/users/user-rows.ts";
import { outboundPolicyOf } from "../connection-policy.ts";
import { lastKnownName } from "../outbox/attempts.ts";
import { mappingsOf } from "../outbox/remote-mappings.ts";
import { provisionedUser } from "../snapshot.ts";
import { syncScope, type SyncScope } from "../sync-scope.ts";
import { connectorChanges } from "./connector-changes.ts";
import { groupPlanEntry, PLAN_ACTIONS, userPlanEntry, type MemberSample, type PlanAction, type PlanEntry, type PlanKind, type UserChanges } from "./entries.ts";

export interface PlanQuery {
  /** where the previous page ended (its nextCursor); the counts come with the first page only */
  cursor?: string;
  kind?: PlanKind;
  action?: PlanAction;
  count: number;
  /** false leaves the counts out of the first page too: they read every object, a filtered page often does not */
  counts?: boolean;
}

/** How many objects a sync would touch, by action; objects with an event already queued are counted apart, as the sync skips them. */
export type PlanCounts = Record<PlanAction, number> & { queued: number };

export interface SyncPlanPage {
  counts?: PlanCounts;
  entries: PlanEntry[];
  /** present when more entries may follow */
  nextCursor?: string;
}

/** Member names shown per group, whatever its size. */
const SAMPLE = 5;
const USER_CHUNK = 500;
// each group reads its member ids: fewer at a time
const GROUP_CHUNK = 20;

const KIND_ORDER: PlanKind[] = ["user", "group"];

/** "user:<id>" / "group:<id>": the last entry of a page. Anything else is the caller's mistake. */
function parseCursor(cursor: string | undefined): { kind: PlanKind; id: string } | undefined {
  if (cursor === undefined) return undefined;
  const colon = cursor.indexOf(":");
  const kind = cursor.slice(0, colon);
  const id = cursor.slice(colon + 1);
  if (colon < 0 || (kind !== "user" && kind !== "group") || !id) throw IdentityError.invalid("cursor must be a nextCursor returned by a previous page");
  return { kind, id };
}

/** Sorted ids of one kind past the cursor: the local objects and those only the target still has. */
function idsAfter(ids: Iterable<string>, extra: Iterable<string>, after: string | undefined): string[] {
  const all = [...new Set([...ids, ...extra])].sort();
  return after === undefined ? all : all.filter((id) => id > after);
}

/**
 * What a sync of the connector would do, object by object, computed from the current state without sending or
 * queuing anything: users first (create, update with the attribute differences from what the target last
 * received, unchanged, delete or deactivate as the connection's `deprovision` says), then groups. Pages follow
 * the objects' ids; each page is computed on demand from the state at that moment, holding only ids and one
 * chunk of objects in memory, so 100,000 users page as well as ten. The first page (no cursor) also counts
 * every action, which reads every object once, unless asked not to.
 */
export async function syncPlan(sql: Sql, connectorId: string, query: PlanQuery): Promise<SyncPlanPage> {
  const cursor = parseCursor(query.cursor);
  const scope = await syncScope(sql, connectorId);
  const deprovision = (await outboundPolicyOf(sql, scope.connector.connectionId)).deprovision;
  const changes = await connectorChanges(sql, connectorId);
  const counting = cursor === undefined && query.counts !== false;
  const counts: PlanCounts = { ...(Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as Record<PlanAction, number>), queued: 0 };
  const entries: PlanEntry[] = [];
  let full = false;

  const take = (entry: PlanEntry) => {
    const queued = scope.waiting.has(`${entry.kind === "user" ? "User" : "Group"}:${entry.id}`);
    const shown = queued ? { ...entry, queued: true as const } : entry;
    if (counting) {
      if (queued) counts.queued++;
      else counts[entry.action]++;
    }
    if (full || (query.kind && entry.kind !== query.kind) || (query.action && entry.action !== query.action)) return;
    entries.push(shown);
    full = entries.length >= query.count;
  };

  const startAt = cursor ? KIND_ORDER.indexOf(cursor.kind) : 0;
  for (const kind of KIND_ORDER.slice(startAt)) {
    const after = cursor?.kind === kind ? cursor.id : undefined;
    // past a full page only the counts need more, and only the first page counts
    const wanted = () => counting || (!full && (!query.kind || query.kind === kind));
    if (!wanted()) continue;
    if (kind === "user") {
      const ids = idsAfter(scope.eligibleUsers, scope.mapped.User, after).filter((id) => counting || mayBe(query.action, scope, id));
      for (let i = 0; i < ids.length && wanted(); i += USER_CHUNK) for (const e of await userEntries(sql, scope, ids.slice(i, i + USER_CHUNK), deprovision, changes)) take(e);
    } else {
      const existing = new Set(scope.allGroups);
      const ids = idsAfter(scope.allGroups, scope.mapped.Group, after).filter((id) => counting || groupMayBe(query.action, scope.mapped.Group.has(id), existing.has(id)));
      for (let i = 0; i < ids.length && wanted(); i += GROUP_CHUNK) for (const e of await groupEntries(sql, scope, ids.slice(i, i + GROUP_CHUNK), deprovision)) take(e);
    }
  }
  const last = entries.at(-1);
  return { ...(counting ? { counts } : {}), entries, ...(full && last ? { nextCursor: `${last.kind}:${last.id}` } : {}) };
}

/**
 * Whether a user may have the action asked for, from the scope alone: a filtered page without counts then reads
 * only the users that may match (the few deletes among 100,000 users, say).
 */
function mayBe(action: PlanAction | undefined, scope: SyncScope, id: string): boolean {
  if (!action) return true;
  const inScope = scope.eligible.has(id);
  const mapped = scope.mapped.User.has(id);
  if (action === "create") return inScope && !mapped;
  if (action === "update") return inScope && mapped;
  if (action === "unchanged") return mapped;
  return mapped && !inScope;
}

/** The same for a group: only one gone here is deleted, only one the target has is updated. */
function groupMayBe(action: PlanAction | undefined, mapped: boolean, exists: boolean): boolean {
  if (!action) return true;
  if (action === "create") return exists && !mapped;
  if (action === "update") return exists && mapped;
  return action === "delete" && !exists;
}

async function userEntries(sql: Sql, scope: SyncScope, ids: string[], deprovision: "delete" | "deactivate", changes: UserChanges | undefined): Promise<PlanEntry[]> {
  const [views, mappings] = await Promise.all([loadUsers(sql, ids), mappingsOf(sql, scope.connector.id, "User", ids)]);
  const users = new Map(views.map((u) => [u.id, u]));
  const out: PlanEntry[] = [];
  for (const id of ids) {
    const view = users.get(id);
    const mapping = mappings.get(id);
    const gone = !view && mapping ? await lastKnownName(sql, scope.connector.id, "User", id) : undefined;
    const entry = userPlanEntry({
      id,
      user: view ? provisionedUser(view) : undefined,
      lastKnownName: gone,
      inScope: scope.eligible.has(id),
      mapping,
      deprovision,
      changes,
    });
    if (entry) out.push(entry);
  }
  return out;
}

async function groupEntries(sql: Sql, scope: SyncScope, ids: string[], deprovision: "delete" | "deactivate"): Promise<PlanEntry[]> {
  const groups = new Map((await loadGroups(sql, ids, { countMembers: false })).map((g) => [g.id, g.displayName]));
  const out: PlanEntry[] = [];
  for (const id of ids) {
    const displayName = groups.get(id);
    if (displayName === undefined) {
      out.push(groupPlanEntry({ id, lastKnownName: await lastKnownName(sql, scope.connector.id, "Group", id), mapped: true }));
      continue;
    }
    const members = await memberIds(sql, id);
    const added = members.filter((m) => scope.eligible.has(m));
    // a member whose user the target deletes leaves the group there with it
    const removed = deprovision === "delete" ? members.filter((m) => !scope.eligible.has(m) && scope.mapped.User.has(m)) : [];
    out.push(groupPlanEntry({ id, displayName, mapped: scope.mapped.Group.has(id), membersAdded: await sample(sql, added), membersRemoved: await sample(sql, removed) }));
  }
  return out;
}

/** The count and the first few user names of a member list, reading only those few users. */
async function sample(sql: Sql, ids: string[]): Promise<MemberSample> {
  const first = (await loadUsers(sql, ids.slice(0, SAMPLE))).map((u) => u.userName).sort();
  return { count: ids.length, first };
}
