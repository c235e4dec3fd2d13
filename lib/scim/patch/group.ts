import { ScimError } from "../errors.ts";
import type { Filter } from "../filter/ast.ts";
import { parsePatchPath, type PatchPath } from "../path/parser.ts";
import { findSubAttribute, type SchemaRegistry } from "../schema/registry.ts";
import type { AttributeDefinition } from "../schema/types.ts";
import { atOperation, type PatchOperation } from "./request.ts";
import { getMember, isObject, normaliseList, normaliseValue } from "./values.ts";

/**
 * A Group PATCH as changes to make, without the member list: groups may
 * have 100,000 members, and membership is stored one row per member.
 *
 * Apply in this order:
 * 1. `set`: attribute name (schema spelling) → new value; null unassigns.
 * 2. if `replaceMembers` is present, the membership becomes exactly that
 *    list and the other member fields are empty;
 *    otherwise, if `removeAllMembers`, delete every membership;
 *    then delete `removeMembers` (absent ones are ignored) and insert
 *    `addMembers` (present ones are ignored).
 * Member ids are not checked here; the caller must reject unknown ids.
 */
export interface GroupPatchPlan {
  set: Record<string, unknown>;
  addMembers: string[];
  removeMembers: string[];
  removeAllMembers: boolean;
  replaceMembers?: string[];
}

type Base = { kind: "current" } | { kind: "empty" } | { kind: "list"; ids: Set<string> };

/**
 * Plans `ops` against a Group (RFC 7644 §3.5.2), applying them in order:
 * Okta mixes removes and adds in one request, and a later operation on the
 * same member wins. Accepts the member operations Okta and Microsoft Entra
 * ID send: add/replace "members" with a list of {value}, remove
 * `members[value eq "id"]` (also `or`-joined), remove "members" with a
 * value list (Entra) or without one (all members), and path-less add or
 * replace of {displayName, externalId, members}. "id", "meta" and
 * "schemas" in a path-less value are ignored (Okta echoes "id"; readOnly
 * values are ignored as RFC 7644 §3.5.1 does for PUT).
 */
export function planGroupPatch(ops: readonly PatchOperation[], registry: SchemaRegistry): GroupPatchPlan {
  const planner = new Planner(registry);
  ops.forEach((op, i) => {
    try {
      planner.operation(op);
    } catch (e) {
      throw atOperation(e, i);
    }
  });
  return planner.plan();
}

class Planner {
  private readonly registry: SchemaRegistry;
  private readonly set: Record<string, unknown> = {};
  private base: Base = { kind: "current" };
  private readonly adds = new Set<string>();
  private readonly removes = new Set<string>();

  constructor(registry: SchemaRegistry) {
    this.registry = registry;
  }

  operation(op: PatchOperation): void {
    if (op.path === undefined) {
      if (op.op === "remove") throw ScimError.noTarget(`"remove" requires a "path"`);
      if (!isObject(op.value)) throw ScimError.invalidValue(`"${op.op}" without a "path" requires an object "value"`);
      for (const [key, value] of Object.entries(op.value)) {
        const lower = key.toLowerCase();
        if (lower === "id" || lower === "meta" || lower === "schemas") continue;
        const qualified = this.registry.splitExtensionKey(key);
        this.path(op.op, qualified !== undefined ? { attribute: qualified } : parseKey(key), value, true, key);
      }
      return;
    }
    if (op.op !== "remove" && op.value === undefined) throw ScimError.invalidValue(`"${op.op}" requires a "value"`);
    this.path(op.op, op.path, op.value, op.value !== undefined, op.pathText ?? op.path.attribute.attribute);
  }

  plan(): GroupPatchPlan {
    const plan: GroupPatchPlan = { set: this.set, addMembers: [], removeMembers: [], removeAllMembers: false };
    switch (this.base.kind) {
      case "list":
        plan.replaceMembers = [...this.base.ids];
        break;
      case "empty":
        plan.removeAllMembers = true;
        plan.addMembers = [...this.adds];
        break;
      case "current":
        plan.addMembers = [...this.adds];
        plan.removeMembers = [...this.removes];
    }
    return plan;
  }

  private path(op: PatchOperation["op"], path: PatchPath, value: unknown, hasValue: boolean, label: string): void {
    const { schema, attribute, subAttribute } = path.attribute;
    const resolved = this.registry.resolve(schema === undefined ? { attribute } : { schema, attribute });
    if (resolved === undefined) throw ScimError.invalidPath(`'${label}' is not an attribute of this resource`);
    const def = resolved.attribute;
    if (def.mutability === "readOnly") throw ScimError.mutability(`'${label}' is readOnly`);
    if (resolved.schemaId === this.registry.coreId && def.name === "members") {
      return this.members(op, def, path, value, hasValue, label);
    }
    if (path.filter !== undefined || subAttribute !== undefined || def.type === "complex" || def.multiValued) {
      throw ScimError.invalidPath(`'${label}' cannot be changed by PATCH on this resource`);
    }
    const key = this.registry.isCore(resolved.schemaId) ? def.name : `${resolved.schemaId}:${def.name}`;
    if (op === "remove" || value === null) {
      // RFC 7643 §7 "required": the attribute must keep a value.
      if (def.required) throw ScimError.invalidValue(`'${label}' is required and cannot be removed`);
      this.set[key] = null;
      return;
    }
    this.set[key] = normaliseValue(def, value, label);
  }

  private members(op: PatchOperation["op"], def: AttributeDefinition, path: PatchPath, value: unknown, hasValue: boolean, label: string): void {
    if (path.attribute.subAttribute !== undefined || path.subAttribute !== undefined) {
      // RFC 7643 §4.2: the member sub-attributes are immutable.
      throw ScimError.mutability(`'${label}': member sub-attributes cannot be modified`);
    }
    if (path.filter !== undefined) {
      if (op !== "remove") throw ScimError.invalidPath(`'${label}': a members filter is supported with "remove" only`);
      for (const id of filterIds(path.filter, label)) this.remove(id);
      return;
    }
    if (op === "remove") {
      if (hasValue && value !== null) for (const id of memberIds(def, value, label)) this.remove(id);
      else this.removeAll();
      return;
    }
    const ids = value === null ? [] : memberIds(def, value, label);
    if (op === "replace") {
      // RFC 7644 §3.5.2.3: replace without a filter replaces all values.
      this.base = { kind: "list", ids: new Set(ids) };
      this.adds.clear();
      this.removes.clear();
      return;
    }
    for (const id of ids) this.add(id);
  }

  private add(id: string): void {
    if (this.base.kind === "list") {
      this.base.ids.add(id);
      return;
    }
    this.removes.delete(id);
    this.adds.add(id);
  }

  private remove(id: string): void {
    if (this.base.kind === "list") {
      this.base.ids.delete(id);
      return;
    }
    this.adds.delete(id);
    if (this.base.kind === "current") this.removes.add(id);
  }

  private removeAll(): void {
    this.base = { kind: "empty" };
    this.adds.clear();
    this.removes.clear();
  }
}

function memberIds(def: AttributeDefinition, value: unknown, label: string): string[] {
  const valueSub = findSubAttribute(def, "value")!;
  return normaliseList(def, value, label).map((member) => {
    const id = isObject(member) ? getMember(member, valueSub.name) : undefined;
    if (typeof id !== "string" || id.trim() === "") throw ScimError.invalidValue(`'${label}': every member needs a "value"`);
    return id;
  });
}

/** `members[value eq "a" or value eq "b"]`: the only filters a membership row can answer without loading the group. */
function filterIds(filter: Filter, label: string): string[] {
  if (filter.op === "or") return [...filterIds(filter.left, label), ...filterIds(filter.right, label)];
  if (filter.op === "eq" && typeof filter.value === "string" && filter.path.schema === undefined && filter.path.subAttribute === undefined && filter.path.attribute.toLowerCase() === "value") {
    return [filter.value];
  }
  throw ScimError.invalidPath(`'${label}': members can only be selected by 'value eq "<id>"'`);
}

function parseKey(key: string): PatchPath {
  try {
    return parsePatchPath(key);
  } catch (e) {
    if (e instanceof ScimError) throw ScimError.invalidPath(`'${key}' is not an attribute name: ${e.detail}`);
    throw e;
  }
}
