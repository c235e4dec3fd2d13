// Writes lib/generated/tables.ts: one row type per table of prisma/schema.prisma, as the database drivers return
// its columns (SQLite gives booleans as 0/1 and dates as text; PostgreSQL gives booleans and Dates). Queries name
// their row type through it, e.g. `exec.get<Columns<"OutboxEvent", "seq" | "status">>(…)`, so a column that the
// schema no longer has is a compile error. Run at install and by `npm run db:generate` (scripts/prisma-schemas.mjs).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

const DRIVER_TYPES = {
  String: "string",
  Int: "number",
  BigInt: "number | bigint",
  Float: "number",
  Decimal: "number | string",
  Boolean: "DbBoolean",
  DateTime: "DbDate",
  Json: "string",
  Bytes: "Uint8Array",
};

/** The schema's tables with their columns and driver types (relation fields are not columns). */
export function tableTypes(schema) {
  const tables = [];
  for (const [, name, body] of schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const columns = [];
    for (const [, doc, field, type, optional] of body.matchAll(/((?:^\s+\/\/\/.*\n)*)^\s+(\w+)\s+(\w+)(\?)?(?:\[\])?/gm)) {
      const comment = doc
        .split("\n")
        .map((l) => l.trim().replace(/^\/\/\/\s?/, ""))
        .filter(Boolean)
        .join(" ");
      if (DRIVER_TYPES[type]) columns.push({ field, comment, type: DRIVER_TYPES[type] + (optional ? " | null" : "") });
    }
    tables.push({ name, columns });
  }
  return tables;
}

export function renderTableTypes(schema) {
  const lines = [
    "// Generated from prisma/schema.prisma by scripts/table-types.mjs: do not edit.",
    "",
    "/** A boolean column as a driver returns it: 0/1 from SQLite, true/false from PostgreSQL (read it with asBool). */",
    "export type DbBoolean = number | boolean;",
    "/** A date column as a driver returns it: text or a number from SQLite, a Date from PostgreSQL (read it with asDate). */",
    "export type DbDate = string | number | Date;",
    "",
  ];
  const tables = tableTypes(schema);
  for (const { name, columns } of tables) {
    lines.push(`export interface ${name}Row {`, ...columns.flatMap((c) => [...(c.comment ? [`  /** ${c.comment} */`] : []), `  ${c.field}: ${c.type};`]), "}", "");
  }
  lines.push("export interface Tables {", ...tables.map((t) => `  ${t.name}: ${t.name}Row;`), "}", "");
  lines.push("/** Some columns of a table's row, as a query that selects them returns them. */");
  lines.push("export type Columns<T extends keyof Tables, C extends keyof Tables[T]> = Pick<Tables[T], C>;", "");
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(root, "lib/generated"), { recursive: true });
  writeFileSync(join(root, "lib/generated/tables.ts"), renderTableTypes(readFileSync(join(root, "prisma/schema.prisma"), "utf8")));
}
