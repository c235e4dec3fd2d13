import type { AttributeChange, ProvisionedUser } from "../connectors/types.ts";

// What a sync would do to one user or group at a target, decided from the local state and what the target last
// received from this connector (RemoteMapping.lastSent). Pure: the plan's reader gathers the inputs.

export const PLAN_ACTIONS = ["create", "update", "delete", "deactivate", "unchanged"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
export type PlanKind = "user" | "group";

/** One attribute as the target holds it now (from Provisio) and as the sync would send it; secrets carry no values. */
export interface PlanDifference {
  path: string;
  before?: unknown;
  after?: unknown;
  /** a password-like attribute: only the fact that it changes is shown */
  secret?: true;
}

/** A few members by name, and how many there are in all (groups may have 100,000 members). */
export interface MemberSample {
  count: number;
  first: string[];
}

export interface PlanEntry {
  kind: PlanKind;
  id: string;
  name: string;
  action: PlanAction;
  /** why a delete or deactivate */
  reason?: string;
  /** users: the attributes that would change (on a create, everything sent) */
  differences?: PlanDifference[];
  /** false when the target's last received state is not recorded: an update then sends every attribute */
  lastSentKnown?: boolean;
  /** groups: members the sync sends as adds, and members the target loses because their users are deleted there */
  membersAdded?: MemberSample;
  membersRemoved?: MemberSample;
  /** an event for this object already waits in the queue: the sync leaves it to that event */
  queued?: boolean;
}

/** The connector's delta computation: the attributes an update would change from `previous` (connectors that keep no state have none). */
export type UserChanges = (user: ProvisionedUser, previous: Record<string, unknown> | undefined) => AttributeChange[];

export interface UserPlanInput {
  id: string;
  /** the local user, absent when it no longer exists */
  user?: ProvisionedUser;
  /** the name the target knows it by when the user is gone here */
  lastKnownName?: string;
  inScope: boolean;
  /** the remote mapping: absent when the target never received the user */
  mapping?: { lastSent?: Record<string, unknown> };
  deprovision: "delete" | "deactivate";
  changes?: UserChanges;
}

const SECRET_PATH = /password|secret/i;

/** Password-like attributes lose their values: a plan is shown in the console and returned by the API. */
export function withoutSecrets(changes: readonly AttributeChange[]): PlanDifference[] {
  return changes.map((c) => (SECRET_PATH.test(c.path) ? { path: c.path, secret: true } : c));
}

/** The plan entry of one user, or undefined when the sync leaves it alone (out of scope and never sent). */
export function userPlanEntry(input: UserPlanInput): PlanEntry | undefined {
  const { id, user, mapping, changes } = input;
  const name = user?.userName ?? input.lastKnownName ?? id;
  const base = { kind: "user" as const, id, name };
  if (!mapping) {
    if (!user || !input.inScope) return undefined;
    return { ...base, action: "create", ...(changes ? { differences: withoutSecrets(changes(user, undefined)) } : {}) };
  }
  if (!user) return { ...base, action: "delete", reason: "no longer exists" };
  const known = changes !== undefined && mapping.lastSent !== undefined;
  const diff = (next: ProvisionedUser) => (changes ? { differences: withoutSecrets(changes(next, mapping.lastSent)), lastSentKnown: known } : { lastSentKnown: false });
  if (!input.inScope) {
    if (input.deprovision === "delete") return { ...base, action: "delete", reason: "left the connection's scope" };
    const deactivation = diff({ ...user, active: false });
    // deactivated there already: the sync's deactivation would change nothing
    if (known && deactivation.differences?.length === 0) return { ...base, action: "unchanged", reason: "deactivated at the target (out of scope)", lastSentKnown: true };
    return { ...base, action: "deactivate", reason: "left the connection's scope", ...deactivation };
  }
  const update = diff(user);
  // without a record of what the target holds, the sync sends everything: never "unchanged"
  if (known && update.differences?.length === 0) return { ...base, action: "unchanged", lastSentKnown: true };
  return { ...base, action: "update", ...update };
}

export interface GroupPlanInput {
  id: string;
  /** the qualified name, absent when the group no longer exists */
  displayName?: string;
  lastKnownName?: string;
  mapped: boolean;
  membersAdded?: MemberSample;
  membersRemoved?: MemberSample;
}

/**
 * The plan entry of one group. The target's membership is not recorded, so a group it has is always updated: the
 * sync sends its members in scope as adds (the target keeps those it has) and removes none itself.
 */
export function groupPlanEntry(input: GroupPlanInput): PlanEntry {
  const name = input.displayName ?? input.lastKnownName ?? input.id;
  const base = { kind: "group" as const, id: input.id, name };
  if (input.displayName === undefined) return { ...base, action: "delete", reason: "no longer exists" };
  const members = { membersAdded: input.membersAdded ?? { count: 0, first: [] }, membersRemoved: input.membersRemoved ?? { count: 0, first: [] } };
  return { ...base, action: input.mapped ? "update" : "create", ...members };
}
