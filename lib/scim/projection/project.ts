import type { AttrPath } from "../filter/ast.ts";
import { findSubAttribute, type SchemaRegistry } from "../schema/registry.ts";
import type { AttributeDefinition } from "../schema/types.ts";

export interface ProjectionOptions {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

type JsonObject = Record<string, unknown>;

/** Which sub-attributes of a kept attribute survive. */
type Keep = { readonly mode: "all"; readonly named: boolean } | { readonly mode: "only"; readonly subs: ReadonlySet<string> } | { readonly mode: "except"; readonly subs: ReadonlySet<string> };

/** Names from one query parameter, resolved against the registry. */
interface NameSet {
  /** Lower-cased ids of schemas named as a whole. */
  readonly schemas: Set<string>;
  /** "schema|attribute" (lower-cased) → the attribute whole, or some of its sub-attributes. */
  readonly attributes: Map<string, "whole" | Set<string>>;
}

/**
 * The comma-separated "attributes"/"excludedAttributes" query parameter
 * (RFC 7644 §3.4.2.5 and §3.9): blank entries are dropped, duplicates kept
 * once (case-insensitively, RFC 7643 §2.1).
 */
export function parseAttributeList(param: string | null | undefined): string[] {
  if (param === null || param === undefined) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of param.split(",")) {
    const name = raw.trim();
    if (name === "" || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    out.push(name);
  }
  return out;
}

/**
 * The representation of `resource` to return, per RFC 7644 §3.4.2.5 and
 * the "returned" characteristic of RFC 7643 §7:
 * - "never" (password) is always removed, even when asked for;
 * - "always" (id) is always kept; so is "schemas", which identifies the
 *   representation (RFC 7643 §3) and has no definition of its own;
 * - "request" only when named in `attributes`;
 * - "default" unless excluded, or, when `attributes` is given, only if
 *   named there.
 * Names may be bare core names, `attr.sub`, fully qualified attribute URNs
 * or a whole extension URN, in any letter case. Unknown names are ignored:
 * RFC 7644 defines no error for them. When both lists are given,
 * `attributes` decides and `excludedAttributes` is ignored, since RFC 7644
 * §3.4.2.5 defines each as a replacement of the default set. Members not
 * described by any schema are treated as "default". The input is not
 * modified; kept values may be shared with it.
 */
export function project(resource: Record<string, unknown>, registry: SchemaRegistry, options: ProjectionOptions = {}): Record<string, unknown> {
  return new Projection(registry, options).resource(resource);
}

/**
 * Whether an attribute would appear in the projection: lets a caller skip
 * loading what will not be returned, such as the members of a large group
 * under `excludedAttributes=members`.
 */
export function isAttributeReturned(registry: SchemaRegistry, options: ProjectionOptions, name: string): boolean {
  const path = toPath(registry, name);
  if (path === undefined) return true;
  const resolved = registry.resolve({ ...(path.schema !== undefined ? { schema: path.schema } : {}), attribute: path.attribute });
  if (resolved === undefined) return true;
  const keep = new Projection(registry, options).decide(resolved.schemaId, resolved.attribute);
  if (keep === undefined) return false;
  if (path.subAttribute === undefined) return true;
  const sub = findSubAttribute(resolved.attribute, path.subAttribute);
  return sub === undefined || keepSub(keep, sub);
}

class Projection {
  private readonly registry: SchemaRegistry;
  private readonly include?: NameSet;
  private readonly exclude?: NameSet;

  constructor(registry: SchemaRegistry, options: ProjectionOptions) {
    this.registry = registry;
    if (options.attributes !== undefined && options.attributes.length > 0) {
      this.include = resolveNames(registry, options.attributes);
    } else if (options.excludedAttributes !== undefined && options.excludedAttributes.length > 0) {
      this.exclude = resolveNames(registry, options.excludedAttributes);
    }
  }

  resource(resource: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(resource)) {
      if (key.toLowerCase() === "schemas") {
        out[key] = value;
        continue;
      }
      const extension = this.registry.extensionId(key);
      if (extension !== undefined) {
        // RFC 7643 §3.3: extension attributes sit under their schema URN.
        if (isObject(value)) {
          const projected = this.level(extension, value);
          if (Object.keys(projected).length > 0) out[key] = projected;
        } else if (this.include === undefined) {
          out[key] = value;
        }
        continue;
      }
      const resolved = this.registry.resolve({ attribute: key });
      if (resolved === undefined) {
        if (this.include === undefined) out[key] = value;
        continue;
      }
      this.attribute(out, key, value, resolved.schemaId, resolved.attribute);
    }
    return out;
  }

  private level(schemaId: string, obj: JsonObject): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(obj)) {
      const resolved = this.registry.resolve({ schema: schemaId, attribute: key });
      if (resolved === undefined) {
        if (this.include === undefined) out[key] = value;
        continue;
      }
      this.attribute(out, key, value, resolved.schemaId, resolved.attribute);
    }
    return out;
  }

  private attribute(out: JsonObject, key: string, value: unknown, schemaId: string, def: AttributeDefinition): void {
    const keep = this.decide(schemaId, def);
    if (keep === undefined) return;
    if (def.type !== "complex" || (keep.mode === "all" && !hasFilteredSubs(def, keep))) {
      out[key] = value;
      return;
    }
    const projected = Array.isArray(value)
      ? value.map((el) => (isObject(el) ? subs(def, keep, el) : el)).filter((el) => !(isObject(el) && Object.keys(el).length === 0))
      : isObject(value)
        ? subs(def, keep, value)
        : value;
    if (Array.isArray(projected) ? projected.length > 0 : !(isObject(projected) && Object.keys(projected).length === 0)) {
      out[key] = projected;
    }
  }

  /** Undefined when the attribute is left out. */
  decide(schemaId: string, def: AttributeDefinition): Keep | undefined {
    if (def.returned === "never") return undefined;
    if (def.returned === "always") return { mode: "all", named: false };
    const key = attributeKey(schemaId, def.name);
    if (this.include !== undefined) {
      if (this.include.schemas.has(schemaId.toLowerCase())) return { mode: "all", named: true };
      const named = this.include.attributes.get(key);
      if (named === undefined) return undefined;
      return named === "whole" ? { mode: "all", named: true } : { mode: "only", subs: named };
    }
    if (def.returned === "request") return undefined;
    if (this.exclude !== undefined) {
      if (this.exclude.schemas.has(schemaId.toLowerCase())) return undefined;
      const named = this.exclude.attributes.get(key);
      if (named === "whole") return undefined;
      if (named !== undefined) return { mode: "except", subs: named };
    }
    return { mode: "all", named: false };
  }
}

function subs(def: AttributeDefinition, keep: Keep, value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const sub = findSubAttribute(def, key);
    if (sub === undefined ? keep.mode !== "only" : keepSub(keep, sub)) out[key] = v;
  }
  return out;
}

function keepSub(keep: Keep, sub: AttributeDefinition): boolean {
  if (sub.returned === "never") return false;
  if (sub.returned === "always") return true;
  const lower = sub.name.toLowerCase();
  switch (keep.mode) {
    case "all":
      // Naming the parent asks for its "request" sub-attributes too.
      return sub.returned !== "request" || keep.named;
    case "only":
      return keep.subs.has(lower);
    case "except":
      return sub.returned !== "request" && !keep.subs.has(lower);
  }
}

function hasFilteredSubs(def: AttributeDefinition, keep: Keep): boolean {
  return (def.subAttributes ?? []).some((s) => !keepSub(keep, s));
}

function resolveNames(registry: SchemaRegistry, names: readonly string[]): NameSet {
  const set: NameSet = { schemas: new Set(), attributes: new Map() };
  for (const name of names) {
    const schema = registry.schema(name.trim());
    if (schema !== undefined) {
      set.schemas.add(schema.id.toLowerCase());
      continue;
    }
    const path = toPath(registry, name);
    if (path === undefined) continue;
    const resolved = registry.resolve(path);
    if (resolved === undefined) continue;
    const key = attributeKey(resolved.schemaId, resolved.attribute.name);
    const existing = set.attributes.get(key);
    if (resolved.subAttribute === undefined) {
      set.attributes.set(key, "whole");
    } else if (existing !== "whole") {
      const subNames = existing ?? new Set<string>();
      subNames.add(resolved.subAttribute.name.toLowerCase());
      set.attributes.set(key, subNames);
    }
  }
  return set;
}

/** `attr`, `attr.sub`, or either after a schema URN (RFC 7644 §3.10). */
function toPath(registry: SchemaRegistry, name: string): AttrPath | undefined {
  const text = name.trim();
  const qualified = registry.splitExtensionKey(text);
  if (qualified !== undefined) return qualified;
  const parts = text.split(".");
  if (parts.length > 2 || parts.some((p) => p === "" || p.includes(":"))) return undefined;
  const [attribute, subAttribute] = parts as [string, string | undefined];
  return subAttribute === undefined ? { attribute } : { attribute, subAttribute };
}

function attributeKey(schemaId: string, name: string): string {
  return `${schemaId.toLowerCase()}|${name.toLowerCase()}`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
