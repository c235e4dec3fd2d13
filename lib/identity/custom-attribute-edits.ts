import type { Sql, SqlExecutor } from "../db/sql.ts";
import { recordAudit, type Actor } from "./audit.ts";
import { CUSTOM_USER_SCHEMA, customAttributeSchema, invalidateCustomAttributes, listCustomAttributes, type CustomAttribute, type CustomAttributeInput } from "./custom-attributes.ts";
import { IdentityError } from "./errors.ts";
import { newId } from "./ids.ts";

const valueKey = (name: string) => `custom:${name}`;

/** The stored definition of `name` (in any case), or not found. */
async function definitionOf(exec: SqlExecutor, name: string): Promise<CustomAttribute> {
  const found = (await listCustomAttributes(exec)).find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!found) throw IdentityError.notFound(`Attribute "${name}"`);
  return found;
}

/** How many users hold a value of the attribute: what deleting it or changing its type would touch. */
export async function usersWithValue(exec: SqlExecutor, name: string): Promise<number> {
  const row = await exec.get<{ n: number | string }>(`SELECT COUNT(DISTINCT "userId") AS "n" FROM "UserValue" WHERE "attribute" = ?`, [valueKey(name)]);
  return Number(row?.n ?? 0);
}

/** A definition with how many users hold a value of it, for the console's edit form and delete confirmation. */
export async function customAttributeWithUsage(exec: SqlExecutor, name: string): Promise<CustomAttribute & { usersWithValue: number }> {
  const definition = await definitionOf(exec, name);
  return { ...definition, usersWithValue: await usersWithValue(exec, definition.name) };
}

export async function createCustomAttribute(sql: Sql, raw: CustomAttributeInput, actor: Actor): Promise<CustomAttribute> {
  const a = customAttributeSchema.parse(raw);
  invalidateCustomAttributes(sql);
  const existing = await listCustomAttributes(sql);
  if (existing.some((e) => e.name.toLowerCase() === a.name.toLowerCase())) throw IdentityError.conflict(`Attribute "${a.name}" already exists`, "name");
  const id = newId();
  const now = new Date();
  await sql.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO "SchemaAttribute" ("id", "schemaId", "name", "type", "multiValued", "required", "caseExact", "mutability", "returned", "uniqueness", "description", "canonicalValues", "createdAt", "updatedAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [id, CUSTOM_USER_SCHEMA, a.name, a.type, a.multiValued, a.required, a.caseExact, a.mutability, a.returned, a.uniqueness, a.description, JSON.stringify(a.canonicalValues), now, now],
    );
    await recordAudit(tx, actor, { action: "attribute.create", targetType: "CustomAttribute", targetId: a.name, summary: `${a.name} (${a.type}${a.multiValued ? ", multi-valued" : ""})` });
  });
  invalidateCustomAttributes(sql);
  return { ...a, id };
}

/**
 * Why a change to the definition would make values users already hold invalid, or undefined when it would not.
 * The type and a narrowing to one value cannot change under existing values (they are stored as text of the old
 * type), and canonical values must still list every value held; the rest (required, mutability, returned, ...)
 * apply to later writes only.
 */
async function conflictWithValues(exec: SqlExecutor, current: CustomAttribute, next: CustomAttribute): Promise<IdentityError | undefined> {
  const holders = await usersWithValue(exec, current.name);
  if (!holders) return undefined;
  const users = holders === 1 ? "1 user holds a value" : `${holders} users hold a value`;
  if (next.type !== current.type) {
    return IdentityError.conflict(`The type of "${current.name}" cannot change while ${users}; delete the attribute (and its values) to redefine it`, "type");
  }
  if (current.multiValued && !next.multiValued) {
    const row = await exec.get<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM (SELECT "userId" FROM "UserValue" WHERE "attribute" = ? GROUP BY "userId" HAVING COUNT(*) > 1) AS "several"`, [
      valueKey(current.name),
    ]);
    const several = Number(row?.n ?? 0);
    if (several) return IdentityError.conflict(`"${current.name}" cannot become single-valued while ${several === 1 ? "1 user holds" : `${several} users hold`} several values`, "multiValued");
  }
  if (next.canonicalValues.length && next.type === "string") {
    const outside = await exec.all<{ value: string }>(`SELECT DISTINCT "value" FROM "UserValue" WHERE "attribute" = ? AND "value" NOT IN (${next.canonicalValues.map(() => "?").join(", ")}) LIMIT 5`, [
      valueKey(current.name),
      ...next.canonicalValues,
    ]);
    if (outside.length) {
      const held = `${outside.map((r) => JSON.stringify(r.value)).join(", ")}${outside.length === 5 ? ", ..." : ""}`;
      return IdentityError.conflict(`Canonical values of "${current.name}" must include the values users hold: ${held}`, "canonicalValues");
    }
  }
  return undefined;
}

/** Replaces a definition; the name stays as it is (values are stored under it). */
export async function updateCustomAttribute(sql: Sql, name: string, raw: CustomAttributeInput, actor: Actor): Promise<CustomAttribute> {
  const input = customAttributeSchema.parse(raw);
  invalidateCustomAttributes(sql);
  const current = await definitionOf(sql, name);
  if (input.name.toLowerCase() !== current.name.toLowerCase()) {
    throw IdentityError.invalid(`An attribute cannot be renamed: users' values are kept under "${current.name}"`, "name");
  }
  const next: CustomAttribute = { ...input, name: current.name, id: current.id };
  await sql.transaction(async (tx) => {
    const conflict = await conflictWithValues(tx, current, next);
    if (conflict) throw conflict;
    await tx.run(
      `UPDATE "SchemaAttribute" SET "type" = ?, "multiValued" = ?, "required" = ?, "caseExact" = ?, "mutability" = ?, "returned" = ?, "uniqueness" = ?, "description" = ?, "canonicalValues" = ?, "updatedAt" = ?
       WHERE "id" = ?`,
      [next.type, next.multiValued, next.required, next.caseExact, next.mutability, next.returned, next.uniqueness, next.description, JSON.stringify(next.canonicalValues), new Date(), current.id],
    );
    await recordAudit(tx, actor, { action: "attribute.update", targetType: "CustomAttribute", targetId: current.name, summary: current.name });
  });
  invalidateCustomAttributes(sql);
  return next;
}

/** Deletes the definition and every user's value of it. */
export async function deleteCustomAttribute(sql: Sql, name: string, actor: Actor): Promise<void> {
  invalidateCustomAttributes(sql);
  const current = await definitionOf(sql, name);
  await sql.transaction(async (tx) => {
    const changed = await tx.run(`DELETE FROM "SchemaAttribute" WHERE "id" = ?`, [current.id]);
    if (!changed) throw IdentityError.notFound(`Attribute "${name}"`);
    const values = await tx.run(`DELETE FROM "UserValue" WHERE "attribute" = ?`, [valueKey(current.name)]);
    await recordAudit(tx, actor, { action: "attribute.delete", targetType: "CustomAttribute", targetId: current.name, summary: `${current.name} (${values} values removed)` });
  });
  invalidateCustomAttributes(sql);
}
