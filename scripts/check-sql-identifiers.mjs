// Every quoted identifier in the product's SQL names a table or a column that prisma/schema.prisma declares (or an
// alias the same query declares), and a column qualified by a table or its alias belongs to that table. Run by
// `npm run lint`, so a renamed or misspelt column fails CI instead of the first request that runs the query.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { root, sourceFiles, sqlTexts } from "./sql-texts.mjs";

// Prisma's record of applied migrations, which lib/db/migrate.ts keeps in Prisma's own layout
const MIGRATION_TABLES = new Set(["_prisma_migrations"]);
const SCALARS = new Set(["String", "Int", "BigInt", "Boolean", "DateTime", "Float", "Decimal", "Bytes", "Json"]);

/** table → its columns, from the schema's models (relation fields are not columns) */
export function schemaColumns(schema = readFileSync(join(root, "prisma/schema.prisma"), "utf8")) {
  const tables = new Map();
  for (const [, name, body] of schema.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const columns = new Set();
    for (const [, field, type] of body.matchAll(/^\s+(\w+)\s+(\w+)[?[\]]*/gm)) if (SCALARS.has(type)) columns.add(field);
    tables.set(name, columns);
  }
  return tables;
}

const KEYWORDS = new Set([
  "WHERE",
  "ON",
  "SET",
  "JOIN",
  "LEFT",
  "INNER",
  "CROSS",
  "GROUP",
  "ORDER",
  "LIMIT",
  "VALUES",
  "USING",
  "AS",
  "SELECT",
  "FROM",
  "RETURNING",
  "FOR",
  "AND",
  "OR",
  "WITH",
  "UNION",
  "DEFAULT",
]);

/** The problems of one SQL text: unknown identifiers, and qualified columns their table does not have. */
export function identifierProblems(text, tables) {
  const aliases = new Map();
  // "Table" t, "Table" AS t
  for (const [, table, alias] of text.matchAll(/"(\w+)"\s+(?:AS\s+)?([A-Za-z_]\w*)\b/g)) {
    if (tables.has(table) && !KEYWORDS.has(alias.toUpperCase())) aliases.set(alias, table);
  }
  for (const t of tables.keys()) aliases.set(`"${t}"`, t);
  const outputNames = new Set([...text.matchAll(/\bAS\s+"(\w+)"/gi)].map((m) => m[1]));
  const problems = [];
  // qualified: alias."column" or "Table"."column"
  const qualified = new Set();
  for (const m of text.matchAll(/((?:"\w+")|(?:\b[A-Za-z_]\w*))\."(\w+)"/g)) {
    qualified.add(m.index + m[0].length - m[2].length - 2);
    const table = aliases.get(m[1]);
    if (table && !tables.get(table).has(m[2])) problems.push(`column "${m[2]}" is not a column of "${table}"`);
    if (!table && ![...tables.values()].some((cols) => cols.has(m[2]))) problems.push(`"${m[2]}" is no column of any table`);
  }
  for (const m of text.matchAll(/"(\w+)"/g)) {
    if (qualified.has(m.index)) continue;
    const name = m[1];
    if (tables.has(name) || MIGRATION_TABLES.has(name) || outputNames.has(name) || [...tables.values()].some((cols) => cols.has(name))) continue;
    problems.push(`"${name}" is neither a table, a column, nor an alias this query declares`);
  }
  return problems;
}

export function checkSqlIdentifiers() {
  const tables = schemaColumns();
  const problems = [];
  for (const file of sourceFiles()) {
    const path = relative(root, file).split("\\").join("/");
    const texts = sqlTexts(file);
    // an ORDER BY or a column list may be built in one literal and used with an alias declared in another
    const fileAliases = new Set(texts.flatMap(({ text }) => [...text.matchAll(/\bAS\s+"(\w+)"/gi)].map((m) => m[1])));
    for (const { text, line } of texts) {
      for (const p of identifierProblems(text, tables)) {
        const name = /"(\w+)"/.exec(p)?.[1];
        if (name && fileAliases.has(name) && !p.includes("not a column of")) continue;
        problems.push(`${path}:${line}: ${p}`);
      }
    }
  }
  return [...new Set(problems)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkSqlIdentifiers();
  for (const p of problems) console.error(p);
  if (problems.length) {
    console.error(`\n${problems.length} SQL identifier${problems.length === 1 ? "" : "s"} the schema does not declare`);
    process.exit(1);
  }
}
