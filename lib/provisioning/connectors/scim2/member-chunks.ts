import { eqFilter, memberValues, remoteName, SCIM2_GROUP_SCHEMA, type UserNameSettings } from "./mapping.ts";
import { patchMessage, type PatchOperation } from "./user-delta.ts";

export const DEFAULT_MAX_MEMBERS_PER_REQUEST = 1000;

export interface MembershipDelta {
  displayName: string;
  addMemberRemoteIds: string[];
  removeMemberRemoteIds: string[];
}

/**
 * The PATCH messages of a group change, none naming more than `maxMembers` members: the name first, then adds,
 * then removals, each member once, packed so that a small change is one message. A change that touches no
 * member is one message with the name alone; `withName` false leaves the name out (a new group has it already).
 */
export function groupPatchMessages(delta: MembershipDelta, settings: UserNameSettings, maxMembers: number, withName = true): Record<string, unknown>[] {
  const limit = Math.max(1, Math.floor(maxMembers));
  const adds = memberValues(delta.addMemberRemoteIds);
  const removes = memberValues(delta.removeMemberRemoteIds);
  const messages: PatchOperation[][] = [];
  let current: PatchOperation[] = withName ? [{ op: "replace", path: "displayName", value: remoteName(delta.displayName, settings) }] : [];
  let room = limit;
  const next = () => {
    messages.push(current);
    current = [];
    room = limit;
  };
  for (let i = 0; i < adds.length;) {
    if (!room) next();
    const values = adds.slice(i, i + room);
    current.push({ op: "add", path: "members", value: values });
    room -= values.length;
    i += values.length;
  }
  for (const { value } of removes) {
    if (!room) next();
    // one filter per member: RFC 7644 section 3.5.2.2 has no list form for removing several values
    current.push({ op: "remove", path: `members[${eqFilter("value", value)}]` });
    room--;
  }
  if (current.length) messages.push(current);
  return messages.map(patchMessage);
}

/** A group to create: the name and at most the first `maxMembers` members; the rest follow in PATCH messages. */
export function groupCreation(displayName: string, memberRemoteIds: readonly string[], settings: UserNameSettings, maxMembers: number): { body: Record<string, unknown>; rest: string[] } {
  const members = memberValues(memberRemoteIds);
  const first = members.slice(0, Math.max(1, Math.floor(maxMembers)));
  return {
    body: { schemas: [SCIM2_GROUP_SCHEMA], displayName: remoteName(displayName, settings), ...(first.length ? { members: first } : {}) },
    rest: members.slice(first.length).map((m) => m.value),
  };
}

/** A group for PUT, when the target cannot PATCH: the target's group with the membership change applied. */
export function mergeGroupForPut(remote: Record<string, unknown>, delta: MembershipDelta, settings: UserNameSettings): Record<string, unknown> {
  const removed = new Set(delta.removeMemberRemoteIds);
  const current = Array.isArray(remote.members) ? (remote.members as { value?: string }[]) : [];
  const kept = current.filter((m) => typeof m.value === "string" && !removed.has(m.value)).map((m) => ({ value: m.value! }));
  const have = new Set(kept.map((m) => m.value));
  for (const { value } of memberValues(delta.addMemberRemoteIds)) if (!have.has(value)) kept.push({ value });
  const { meta: _meta, ...rest } = remote;
  return { ...rest, schemas: Array.isArray(remote.schemas) ? remote.schemas : [SCIM2_GROUP_SCHEMA], displayName: remoteName(delta.displayName, settings), members: kept };
}
