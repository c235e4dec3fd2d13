import type { AttributeChange } from "../types.ts";
import { SCIM2_ENTERPRISE_SCHEMA, SCIM2_PATCH_SCHEMA, SCIM2_USER_SCHEMA } from "./mapping.ts";

/** One RFC 7644 section 3.5.2 operation. */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}

/** Complex attributes whose sub-attributes are patched one by one, so the target's other sub-attributes stay. */
const COMPLEX = new Set(["name"]);
/** Never patched: the message's own bookkeeping. */
const NOT_ATTRIBUTES = new Set(["schemas", "id", "meta"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Compares JSON values structurally; multi-valued attributes compare in order, as sent. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Path/value pairs of the leaves Provisio manages: `name.givenName`, `urn:...:enterprise:2.0:User:department`, `emails`. */
function leaves(user: Record<string, unknown> | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(user ?? {})) {
    if (NOT_ATTRIBUTES.has(key) || value === undefined) continue;
    if (key.startsWith("urn:") && isObject(value)) {
      for (const [sub, v] of Object.entries(value)) if (v !== undefined) out.set(`${key}:${sub}`, v);
    } else if (COMPLEX.has(key) && isObject(value)) {
      for (const [sub, v] of Object.entries(value)) if (v !== undefined) out.set(`${key}.${sub}`, v);
    } else {
      out.set(key, value);
    }
  }
  return out;
}

/**
 * The PATCH operations that take a target from `previous` (what it last received from this connector) to `next`
 * (the SCIM user as mapped now). Only attributes that differ are named; what was sent before and is gone now
 * becomes a `remove`, and anything the target holds that Provisio never sent is left alone. Without a previous
 * state every present attribute is replaced and nothing is removed, as nothing is known to be Provisio's.
 */
export function userPatchOperations(previous: Record<string, unknown> | undefined, next: Record<string, unknown>, options: { resend?: boolean } = {}): PatchOperation[] {
  return userAttributeChanges(previous, next, options).map(({ path, after }) => (after === undefined ? { op: "remove", path } : { op: "replace", path, value: after }));
}

/**
 * The attributes that differ between what a target last received and the SCIM user as mapped now, each with both
 * values: the base of the PATCH operations above and of a sync plan's differences, so both tell the same story.
 */
export function userAttributeChanges(previous: Record<string, unknown> | undefined, next: Record<string, unknown>, options: { resend?: boolean } = {}): AttributeChange[] {
  const before = leaves(previous);
  const after = leaves(next);
  const changes: AttributeChange[] = [];
  // `resend` names every present attribute again, to mend what was changed at the target since
  for (const [path, value] of after) {
    if (options.resend || !before.has(path) || !sameValue(before.get(path), value)) changes.push({ path, ...(before.has(path) ? { before: before.get(path) } : {}), after: value });
  }
  for (const [path, value] of before) if (!after.has(path)) changes.push({ path, before: value });
  return changes;
}

export function patchMessage(operations: readonly PatchOperation[]): Record<string, unknown> {
  return { schemas: [SCIM2_PATCH_SCHEMA], Operations: operations };
}

/** Read-only or server-kept attributes that a PUT must not carry back. */
const SERVER_KEPT = new Set(["meta", "groups"]);

/**
 * The whole object for a PUT when the target cannot PATCH: the target's current user with Provisio's mapped
 * attributes laid over it. Attributes Provisio sent before and no longer has are cleared; attributes (and
 * sub-attributes of `name` and of extensions) the target keeps on its own, such as `nickName` or an extension
 * set there, are sent back unchanged, so the PUT never wipes them.
 */
export function mergeForPut(remote: Record<string, unknown>, previous: Record<string, unknown> | undefined, next: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(remote)) if (!SERVER_KEPT.has(key)) merged[key] = structuredClone(value);
  const before = leaves(previous);
  const after = leaves(next);
  const place = (path: string, value: unknown) => {
    const { parent, key } = locate(merged, path, value !== undefined);
    if (!parent) return;
    if (value === undefined) delete parent[key];
    else parent[key] = structuredClone(value);
  };
  for (const path of before.keys()) if (!after.has(path)) place(path, undefined);
  for (const [path, value] of after) place(path, value);
  // a complex attribute or extension emptied by the removals goes altogether
  for (const [key, value] of Object.entries(merged)) if (isObject(value) && !Object.keys(value).length && (COMPLEX.has(key) || key.startsWith("urn:"))) delete merged[key];
  const schemas = new Set<string>([...(Array.isArray(remote.schemas) ? (remote.schemas as string[]) : []), SCIM2_USER_SCHEMA]);
  if (isObject(merged[SCIM2_ENTERPRISE_SCHEMA])) schemas.add(SCIM2_ENTERPRISE_SCHEMA);
  else schemas.delete(SCIM2_ENTERPRISE_SCHEMA);
  merged.schemas = [...schemas];
  return merged;
}

/** The object holding a leaf path and the key in it; creates the container when a value is to be set. */
function locate(root: Record<string, unknown>, path: string, create: boolean): { parent?: Record<string, unknown>; key: string } {
  const urn = path.startsWith("urn:") ? path.lastIndexOf(":") : -1;
  const dot = urn < 0 ? path.indexOf(".") : -1;
  const split = urn > 0 ? urn : dot;
  if (split < 0) return { parent: root, key: path };
  const container = path.slice(0, split);
  const key = path.slice(split + 1);
  if (!isObject(root[container])) {
    if (!create) return { key };
    root[container] = {};
  }
  return { parent: root[container] as Record<string, unknown>, key };
}
