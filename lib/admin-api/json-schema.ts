import { z } from "zod";
import { schemaDocs } from "./schemas/documentation.ts";

// JSON Schema and OpenAPI objects are plain JSON here: the document is data, not a type-checked model of the spec.
export type JsonObject = { [key: string]: unknown };

const COMPONENT_PREFIX = "#/components/schemas/";

/**
 * Converts zod schemas to JSON Schema 2020-12, the dialect of OpenAPI 3.1, and gathers the named ones (see
 * `named`) in one map for components.schemas: each is written once there and referenced wherever it is used.
 */
export class ComponentSchemas {
  private readonly byId: Record<string, JsonObject> = {};

  /**
   * Requests are described as the handler accepts them ("input": before defaults and transforms apply), responses
   * as the server writes them ("output").
   */
  convert(schema: z.ZodType, io: "input" | "output"): JsonObject {
    const converted = z.toJSONSchema(schema, { target: "draft-2020-12", io, metadata: schemaDocs, override: tidy }) as JsonObject;
    const { $schema: _dialect, $defs, ...root } = converted;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonObject>)) this.add(id, pointAtComponents(def));
    return pointAtComponents(root);
  }

  /** The named schemas, by name. */
  all(): Record<string, JsonObject> {
    return Object.fromEntries(Object.entries(this.byId).sort(([a], [b]) => a.localeCompare(b)));
  }

  private add(id: string, def: JsonObject) {
    const known = this.byId[id];
    // one name for two shapes would make one of the uses wrong, e.g. a schema named once but used as input and output
    if (known && JSON.stringify(known) !== JSON.stringify(def)) throw new Error(`Schema ${id} converts differently in two places`);
    this.byId[id] = def;
  }
}

/** zod writes references into the schema's own $defs; in the document they point at components.schemas. */
function pointAtComponents<T>(value: T): T {
  if (Array.isArray(value)) return value.map(pointAtComponents) as T;
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, key === "$ref" && typeof inner === "string" ? inner.replace(/^#\/\$defs\//, COMPONENT_PREFIX) : pointAtComponents(inner)]),
  ) as T;
}

/** Leaves out what zod adds that tells a reader nothing the rest of the schema does not. */
function tidy({ jsonSchema }: { jsonSchema: JsonObject }) {
  // every z.int() is bounded by the safe-integer range
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  // the format (date-time, uuid) says it; the long regular expression spelling it out does not read
  if (jsonSchema.format && jsonSchema.pattern) delete jsonSchema.pattern;
}
