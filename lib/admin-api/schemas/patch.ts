import { z } from "zod";

type Optional<S extends Record<string, z.ZodType>> = { [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner> ? Inner : S[K]> };

/**
 * The body of a PATCH over an object schema: any of its fields, each checked by the field's own rule. Defaults are
 * dropped, since a field left out keeps its stored value instead of going back to the default.
 */
export function patchOf<S extends Record<string, z.ZodType>>(shape: S) {
  const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.removeDefault() as z.ZodType) : field).optional()]));
  return z.object(fields as Optional<S>, { error: "The body must be a JSON object" });
}
