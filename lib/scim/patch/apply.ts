import { ScimError } from "../errors.ts";
import type { Filter } from "../filter/ast.ts";
import { matchesFilter } from "../filter/evaluate.ts";
import { parsePatchPath, type PatchPath } from "../path/parser.ts";
import { findSubAttribute, normaliseSchemaAlias, type SchemaRegistry } from "../schema/registry.ts";
import type { AttributeDefinition } from "../schema/types.ts";
import { atOperation, type PatchOperation } from "./request.ts";
import { cloneJson, deepEqual, deleteMember, findKey, getMember, isObject, isUnassigned, normaliseList, normaliseValue, sameValue, setMember, type JsonObject } from "./values.ts";

export interface PatchResult {
  readonly resource: Record<string, unknown>;
  /** False when the result deep-equals the input: the caller must then not bump meta.version (RFC 7644 §3.14). */
  readonly changed: boolean;
}

/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a copy of `resource`.
 * The request is atomic (§3.5.2: "if an error occurs, the resource MUST
 * NOT be modified"): the first failing operation throws a ScimError whose
 * detail starts with "Operations[i]: ", and nothing is returned.
 *
 * Deliberate choices where the RFC is silent or clients deviate:
 * - add/replace on a value filter that matches nothing creates the element
 *   when the filter is an "and" of eq terms that includes "type"
 *   (`emails[type eq "work"].value`): Microsoft Entra ID sets a user's work
 *   email this way on users that have none. Other filters fail noTarget.
 * - remove with a value filter matching nothing is a no-op, not noTarget, so
 *   retried and idempotent removals succeed.
 * - remove of a multi-valued attribute with a "value" removes just those
 *   values (Entra removes group members so).
 * - add of a value already present (same "value" sub-attribute) merges the
 *   given sub-attributes into it instead of appending a duplicate.
 * - a sub-attribute path on a multi-valued attribute without a filter
 *   (`emails.type`) applies to every value; add/replace create one value
 *   when there is none.
 * - null as a value unassigns (RFC 7643 §2.5).
 * - "schemas" in a path-less value is ignored: it follows the extensions
 *   the resource holds.
 */
export function applyPatch(resource: Record<string, unknown>, ops: readonly PatchOperation[], registry: SchemaRegistry): PatchResult {
  const work = cloneJson(resource);
  ops.forEach((op, i) => {
    try {
      new OperationRun(work, registry).run(op);
    } catch (e) {
      throw atOperation(e, i);
    }
  });
  return { resource: work, changed: !deepEqual(resource, work) };
}

interface Target {
  readonly schemaId: string;
  readonly def: AttributeDefinition;
  readonly sub?: AttributeDefinition;
  readonly filter?: Filter;
  readonly label: string;
}

type WriteKind = "add" | "replace";

class OperationRun {
  private readonly resource: JsonObject;
  private readonly registry: SchemaRegistry;
  /** Extensions written by this operation, with whether their object existed before. */
  private readonly touchedExtensions = new Map<string, boolean>();
  /** Values created or changed by the attribute update in progress (for "primary"). */
  private touched = new Set<unknown>();

  constructor(resource: JsonObject, registry: SchemaRegistry) {
    this.resource = resource;
    this.registry = registry;
  }

  run(op: PatchOperation): void {
    if (op.path === undefined) {
      if (op.op === "remove") throw ScimError.noTarget(`"remove" requires a "path"`);
      if (!isObject(op.value)) throw ScimError.invalidValue(`"${op.op}" without a "path" requires an object "value"`);
      for (const [key, value] of Object.entries(op.value)) this.applyKey(op.op, key, value);
    } else {
      const hasValue = op.value !== undefined;
      if (op.op !== "remove" && !hasValue) throw ScimError.invalidValue(`"${op.op}" requires a "value"`);
      this.applyPath(op.op, op.path, op.value, hasValue, op.pathText ?? describePath(op.path));
    }
    this.finishExtensions();
  }

  // -- dispatch ------------------------------------------------------------

  /** One member of a path-less add/replace value: an attribute, an extension object or a qualified name. */
  private applyKey(kind: WriteKind, key: string, value: unknown): void {
    const name = normaliseSchemaAlias(key);
    if (name.toLowerCase() === "schemas") return;
    const extension = this.registry.extensionId(name);
    if (extension !== undefined) return this.writeExtension(kind, extension, value, key);
    if (this.registry.isCore(name)) {
      if (!isObject(value)) throw ScimError.invalidValue(`'${key}' must be an object`);
      for (const [k, v] of Object.entries(value)) this.applyKey(kind, k, v);
      return;
    }
    const qualified = this.registry.splitExtensionKey(name);
    const path: PatchPath = qualified !== undefined ? { attribute: qualified } : parseKey(name);
    this.applyPath(kind, path, value, true, key);
  }

  private applyPath(kind: PatchOperation["op"], path: PatchPath, value: unknown, hasValue: boolean, label: string): void {
    const extension = path.filter === undefined && path.subAttribute === undefined ? this.registry.extensionOfPath(path.attribute) : undefined;
    if (extension !== undefined) {
      if (kind === "remove") this.removeExtension(extension);
      else this.writeExtension(kind, extension, value, label);
      return;
    }
    const target = this.resolveTarget(path, label);
    if (kind === "remove") this.remove(target, value, hasValue);
    else this.write(kind, target, value);
  }

  private writeExtension(kind: WriteKind, extension: string, value: unknown, label: string): void {
    if (value === null) return this.removeExtension(extension);
    if (!isObject(value)) throw ScimError.invalidValue(`'${label}' must be an object holding attributes of ${extension}`);
    for (const [key, v] of Object.entries(value)) {
      if (key.toLowerCase() === "schemas") continue;
      const path = parseKey(key);
      if (path.attribute.schema !== undefined) throw ScimError.invalidPath(`'${key}' inside '${label}' must not carry a schema URN`);
      this.applyPath(kind, { ...path, attribute: { ...path.attribute, schema: extension } }, v, true, `${extension}:${key}`);
    }
  }

  private removeExtension(extension: string): void {
    for (const def of this.registry.attributes(extension)) {
      this.update({ schemaId: extension, def, label: `${extension}:${def.name}` }, () => undefined);
    }
    const key = findKey(this.resource, extension);
    if (key !== undefined) {
      // Members no definition covers go with the extension object.
      const existed = isObject(this.resource[key]);
      delete this.resource[key];
      this.touchedExtensions.set(extension, this.touchedExtensions.get(extension) ?? existed);
    }
  }

  private resolveTarget(path: PatchPath, label: string): Target {
    const { schema, attribute, subAttribute } = path.attribute;
    const resolved = this.registry.resolve(schema === undefined ? { attribute } : { schema, attribute });
    if (resolved === undefined) throw ScimError.invalidPath(`'${label}' is not an attribute of this resource`);
    const def = resolved.attribute;
    const { filter } = path;
    if (filter !== undefined) {
      if (subAttribute !== undefined) throw ScimError.invalidPath(`'${label}': a value filter must follow the attribute name`);
      if (!def.multiValued || def.type !== "complex") {
        throw ScimError.invalidPath(`'${label}': value filters apply to multi-valued complex attributes only`);
      }
      checkFilterPaths(filter, def, label);
    }
    const subName = subAttribute ?? path.subAttribute;
    let sub: AttributeDefinition | undefined;
    if (subName !== undefined) {
      sub = findSubAttribute(def, subName);
      if (sub === undefined) throw ScimError.invalidPath(`'${label}': '${def.name}' has no sub-attribute '${subName}'`);
    }
    return { schemaId: resolved.schemaId, def, label, ...(sub !== undefined ? { sub } : {}), ...(filter !== undefined ? { filter } : {}) };
  }

  // -- add / replace (RFC 7644 §3.5.2.1, §3.5.2.3) ------------------------

  private write(kind: WriteKind, target: Target, value: unknown): void {
    const { def, sub, filter, label } = target;
    if (filter !== undefined) return this.update(target, (before) => this.writeFiltered(kind, target, before, value));
    if (sub !== undefined) {
      return this.update(target, (before) => (def.multiValued ? this.writeSubOfEach(target, sub, before, value) : this.writeSub(def, sub, before, value, label)));
    }
    if (value === null) return this.update(target, () => undefined);
    if (def.multiValued) {
      // add appends (§3.5.2.1); replace without a filter replaces all values (§3.5.2.3).
      return this.update(target, (before) => this.append(def, kind === "add" ? before : undefined, value, label));
    }
    if (def.type === "complex") {
      // Both add and replace leave sub-attributes not given unchanged (§3.5.2.1, §3.5.2.3).
      return this.update(target, (before) => this.merge(def, before, normaliseValue(def, value, label, true) as JsonObject, label));
    }
    this.update(target, () => normaliseValue(def, value, label));
  }

  private append(def: AttributeDefinition, before: unknown, value: unknown, label: string): unknown[] {
    const list = toList(before);
    for (const v of normaliseList(def, value, label)) {
      const i = list.findIndex((existing) => sameValue(def, existing, v));
      if (i < 0) {
        this.checkNewElement(def, v, label);
        list.push(v);
        this.touched.add(v);
      } else if (def.type === "complex" && isObject(list[i]) && isObject(v)) {
        // §3.5.2.1: a value already present is not added again; what the
        // client sent about its modifiable sub-attributes (primary, type)
        // still applies, while readOnly and immutable ones keep theirs.
        const modifiable = Object.entries(v).filter(([name]) => name !== "value" && isModifiable(findSubAttribute(def, name)!));
        list[i] = this.merge(def, list[i], Object.fromEntries(modifiable), label);
      }
    }
    return list;
  }

  private merge(def: AttributeDefinition, before: unknown, patch: JsonObject, label: string): JsonObject {
    const base = isObject(before) ? cloneJson(before) : {};
    let changed = false;
    for (const [name, v] of Object.entries(patch)) {
      const sub = findSubAttribute(def, name)!;
      const current = getMember(base, sub.name);
      const next = v === null ? undefined : v;
      if (sameOrBothUnassigned(current, next)) continue;
      checkSubChange(def, sub, current, next, label);
      if (next === undefined) deleteMember(base, sub.name);
      else setMember(base, sub.name, next);
      changed = true;
    }
    if (changed) this.touched.add(base);
    return base;
  }

  private writeSub(def: AttributeDefinition, sub: AttributeDefinition, before: unknown, value: unknown, label: string): JsonObject {
    const next = value === null ? null : normaliseSub(sub, value, `${def.name}.${sub.name}`);
    return this.merge(def, before, { [sub.name]: next }, label);
  }

  private writeSubOfEach(target: Target, sub: AttributeDefinition, before: unknown, value: unknown): unknown[] {
    const { def, label } = target;
    const list = toList(before);
    if (!list.some(isObject)) {
      if (value === null) return list;
      const element = { [sub.name]: normaliseSub(sub, value, `${def.name}.${sub.name}`) };
      this.checkNewElement(def, element, label);
      this.touched.add(element);
      return [...list, element];
    }
    return list.map((el) => (isObject(el) ? this.writeSub(def, sub, el, value, label) : el));
  }

  private writeFiltered(kind: WriteKind, target: Target, before: unknown, value: unknown): unknown[] {
    const { def, sub, label } = target;
    const list = toList(before);
    const matches = this.matching(target, list);
    if (matches.length === 0) {
      const seed = seedFromFilter(target.filter!, def, label);
      if (seed === undefined) throw ScimError.noTarget(`'${label}': no value of '${def.name}' matches the filter`);
      if (value === null) return list;
      const given = sub !== undefined ? { [sub.name]: normaliseSub(sub, value, `${def.name}.${sub.name}`) } : normaliseValue(def, value, label);
      const element = { ...seed, ...(given as JsonObject) };
      this.checkNewElement(def, element, label);
      this.touched.add(element);
      return [...list, element];
    }
    if (sub === undefined && value === null) return list.filter((_, i) => !matches.includes(i));
    for (const i of matches) {
      const el = list[i] as JsonObject;
      if (sub !== undefined) list[i] = this.writeSub(def, sub, el, value, label);
      else if (kind === "add") list[i] = this.merge(def, el, normaliseValue(def, value, label, true) as JsonObject, label);
      else {
        // §3.5.2.3: "all matching record values SHALL be replaced".
        const next = normaliseValue(def, value, label) as JsonObject;
        if (deepEqual(el, next)) continue;
        for (const s of def.subAttributes ?? []) {
          const was = getMember(el, s.name);
          const now = getMember(next, s.name);
          if (!sameOrBothUnassigned(was, now)) checkSubChange(def, s, was, now, label);
        }
        list[i] = next;
        this.touched.add(next);
      }
    }
    return list;
  }

  // -- remove (RFC 7644 §3.5.2.2) -----------------------------------------

  private remove(target: Target, value: unknown, hasValue: boolean): void {
    const { def, sub, filter, label } = target;
    if (filter !== undefined) {
      return this.update(target, (before) => {
        const list = toList(before);
        const matches = this.matching(target, list);
        if (sub === undefined) return list.filter((_, i) => !matches.includes(i));
        for (const i of matches) list[i] = this.writeSub(def, sub, list[i], null, label);
        return list;
      });
    }
    if (sub !== undefined) {
      return this.update(target, (before) =>
        def.multiValued ? toList(before).map((el) => (isObject(el) ? this.writeSub(def, sub, el, null, label) : el)) : this.writeSub(def, sub, before, null, label),
      );
    }
    if (def.multiValued && hasValue && value !== null) {
      const values = normaliseList(def, value, label);
      return this.update(target, (before) => toList(before).filter((el) => !values.some((v) => sameValue(def, el, v))));
    }
    this.update(target, () => undefined);
  }

  // -- shared --------------------------------------------------------------

  /**
   * Computes the attribute's new value from its current one, enforces the
   * attribute's characteristics on the difference and writes it back.
   * Unchanged values are never written, so echoing a readOnly value
   * passes (Okta sends "id" back in replace operations).
   */
  private update(target: Target, compute: (before: unknown) => unknown): void {
    const { schemaId, def, label } = target;
    const container = this.container(schemaId);
    const before = container === undefined ? undefined : getMember(container, def.name);
    this.touched = new Set();
    let after = compute(before === undefined ? undefined : cloneJson(before));
    this.settlePrimary(def, after, label);
    after = tidy(def, after);
    if (sameOrBothUnassigned(before, after)) return;

    // RFC 7644 §3.5.2: readOnly attributes cannot be modified, immutable
    // ones only added when they had no value.
    if (def.mutability === "readOnly") throw ScimError.mutability(`'${label}' is readOnly`);
    if (def.mutability === "immutable" && !isUnassigned(before)) {
      throw ScimError.mutability(`'${label}' is immutable and already has a value`);
    }
    if (def.required && isUnassigned(after)) throw ScimError.invalidValue(`'${label}' is required and cannot be removed`);
    this.checkRequiredSubs(def, after, label);

    const dest = container ?? this.createContainer(schemaId);
    if (after === undefined) deleteMember(dest, def.name);
    else setMember(dest, def.name, after);
    if (!this.registry.isCore(schemaId) && !this.touchedExtensions.has(schemaId)) {
      this.touchedExtensions.set(schemaId, container !== undefined);
    }
  }

  private container(schemaId: string): JsonObject | undefined {
    if (this.registry.isCore(schemaId)) return this.resource;
    const key = findKey(this.resource, schemaId);
    const value = key === undefined ? undefined : this.resource[key];
    return isObject(value) ? value : undefined;
  }

  private createContainer(schemaId: string): JsonObject {
    const obj: JsonObject = {};
    setMember(this.resource, schemaId, obj);
    return obj;
  }

  /** RFC 7643 §3: "schemas" lists the extensions whose attributes the resource holds. */
  private finishExtensions(): void {
    for (const [schemaId, existed] of this.touchedExtensions) {
      const container = this.container(schemaId);
      if (container !== undefined && !isUnassigned(container)) {
        this.addSchema(schemaId);
      } else if (existed || container !== undefined) {
        deleteMember(this.resource, schemaId);
        this.removeSchema(schemaId);
      }
    }
    this.touchedExtensions.clear();
  }

  private addSchema(schemaId: string): void {
    const schemas = getMember(this.resource, "schemas");
    if (!Array.isArray(schemas)) {
      setMember(this.resource, "schemas", [this.registry.coreId, schemaId]);
    } else if (!schemas.some((s) => typeof s === "string" && s.toLowerCase() === schemaId.toLowerCase())) {
      schemas.push(schemaId);
    }
  }

  private removeSchema(schemaId: string): void {
    const key = findKey(this.resource, "schemas");
    const schemas = key === undefined ? undefined : this.resource[key];
    if (key !== undefined && Array.isArray(schemas)) {
      this.resource[key] = schemas.filter((s) => !(typeof s === "string" && s.toLowerCase() === schemaId.toLowerCase()));
    }
  }

  private matching(target: Target, list: unknown[]): number[] {
    const { schemaId, def, filter } = target;
    const options = {
      caseExact: (p: { attribute: string }) => this.registry.caseExact({ schema: schemaId, attribute: def.name, subAttribute: p.attribute }),
    };
    const out: number[] = [];
    list.forEach((el, i) => {
      if (isObject(el) && matchesFilter(el, filter!, options)) out.push(i);
    });
    return out;
  }

  /** RFC 7643 §2.4: "primary" may be true for at most one value; the one just set wins. */
  private settlePrimary(def: AttributeDefinition, after: unknown, label: string): void {
    if (!def.multiValued || !Array.isArray(after)) return;
    const primary = findSubAttribute(def, "primary");
    if (primary === undefined) return;
    const primaries = after.filter((el): el is JsonObject => isObject(el) && getMember(el, primary.name) === true);
    const fresh = primaries.filter((el) => this.touched.has(el));
    if (fresh.length > 1) throw ScimError.invalidValue(`'${label}': at most one value may be primary`);
    if (fresh.length === 0) return;
    for (const el of primaries) if (el !== fresh[0]) deleteMember(el, primary.name);
  }

  private checkNewElement(def: AttributeDefinition, element: unknown, label: string): void {
    if (!isObject(element)) return;
    for (const [name, v] of Object.entries(element)) {
      const sub = findSubAttribute(def, name);
      if (sub !== undefined && !isUnassigned(v)) checkSubChange(def, sub, undefined, v, label);
    }
  }

  private checkRequiredSubs(def: AttributeDefinition, after: unknown, label: string): void {
    const required = (def.subAttributes ?? []).filter((s) => s.required);
    if (required.length === 0) return;
    const values = Array.isArray(after) ? after.filter((el) => this.touched.has(el)) : after === undefined ? [] : [after];
    for (const el of values) {
      if (!isObject(el)) continue;
      for (const s of required) {
        if (isUnassigned(getMember(el, s.name))) throw ScimError.invalidValue(`'${label}': every value needs '${def.name}.${s.name}'`);
      }
    }
  }
}

/** RFC 7644 §3.5.2 applied to one sub-attribute whose value changes. */
function checkSubChange(def: AttributeDefinition, sub: AttributeDefinition, before: unknown, after: unknown, label: string): void {
  // A readOnly or immutable parent is judged as a whole in update(), where
  // an unchanged echo passes.
  if (def.mutability === "readOnly" || def.mutability === "immutable") return;
  const name = `${def.name}.${sub.name}`;
  if (sub.mutability === "readOnly") throw ScimError.mutability(`'${label}': '${name}' is readOnly`);
  if (sub.mutability === "immutable" && !isUnassigned(before)) {
    throw ScimError.mutability(`'${label}': '${name}' is immutable and already has a value`);
  }
  if (sub.required && isUnassigned(after)) throw ScimError.invalidValue(`'${label}': '${name}' is required and cannot be removed`);
}

function isModifiable(def: AttributeDefinition): boolean {
  return def.mutability === "readWrite" || def.mutability === "writeOnly";
}

function normaliseSub(sub: AttributeDefinition, value: unknown, label: string): unknown {
  return sub.multiValued ? normaliseList(sub, value, label) : normaliseValue(sub, value, label);
}

/** Paths inside `attr[...]` name sub-attributes of `attr` (RFC 7644 §3.4.2.2). */
function checkFilterPaths(filter: Filter, def: AttributeDefinition, label: string): void {
  switch (filter.op) {
    case "and":
    case "or":
      checkFilterPaths(filter.left, def, label);
      checkFilterPaths(filter.right, def, label);
      return;
    case "not":
      checkFilterPaths(filter.filter, def, label);
      return;
    case "valuePath":
      throw ScimError.invalidPath(`'${label}': value filters cannot nest`);
    default: {
      const { schema, attribute, subAttribute } = filter.path;
      if (schema !== undefined || subAttribute !== undefined || findSubAttribute(def, attribute) === undefined) {
        throw ScimError.invalidPath(`'${label}': '${def.name}' has no sub-attribute '${attribute}'`);
      }
    }
  }
}

/**
 * The element a filter such as `[type eq "work"]` describes, when the
 * filter is a conjunction of eq terms that names "type"; undefined for any
 * filter that does not pin down a value to create.
 */
function seedFromFilter(filter: Filter, def: AttributeDefinition, label: string): JsonObject | undefined {
  const seed: JsonObject = {};
  const collect = (f: Filter): boolean => {
    if (f.op === "and") return collect(f.left) && collect(f.right);
    if (f.op !== "eq" || f.value === null) return false;
    const sub = findSubAttribute(def, f.path.attribute);
    if (sub === undefined || sub.multiValued) return false;
    seed[sub.name] = normaliseValue(sub, f.value, `${label}: ${def.name}.${sub.name}`);
    return true;
  };
  const typeSub = findSubAttribute(def, "type");
  if (typeSub === undefined || !collect(filter) || seed[typeSub.name] === undefined) return undefined;
  return seed;
}

/** Drops unassigned values (RFC 7643 §2.5) so that "absent" has one representation. */
function tidy(def: AttributeDefinition, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued && Array.isArray(value)) {
    const list = value.filter((v) => !isUnassigned(v));
    return list.length === 0 ? undefined : list;
  }
  if (def.type === "complex" && isObject(value)) {
    for (const k of Object.keys(value)) if (value[k] === null) delete value[k];
    return isUnassigned(value) ? undefined : value;
  }
  return value;
}

function sameOrBothUnassigned(a: unknown, b: unknown): boolean {
  return (isUnassigned(a) && isUnassigned(b)) || deepEqual(a, b);
}

function toList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function parseKey(key: string): PatchPath {
  try {
    return parsePatchPath(key);
  } catch (e) {
    if (e instanceof ScimError) throw ScimError.invalidPath(`'${key}' is not an attribute name: ${e.detail}`);
    throw e;
  }
}

function describePath(path: PatchPath): string {
  const { schema, attribute, subAttribute } = path.attribute;
  let text = schema === undefined ? attribute : `${schema}:${attribute}`;
  if (subAttribute !== undefined) text += `.${subAttribute}`;
  if (path.filter !== undefined) text += "[...]";
  if (path.subAttribute !== undefined) text += `.${path.subAttribute}`;
  return text;
}
