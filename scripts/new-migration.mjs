// Writes one migration per dialect for the changes of prisma/schema.prisma since the last migration
// (kept as prisma/migrations/schema.snapshot.prisma), using the offline JavaScript schema engine.
// Usage: PG_URL=postgresql://...(any reachable empty database) node scripts/new-migration.mjs <name>
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error("usage: node scripts/new-migration.mjs <snake_case_name>");
const pgUrl = process.env.PG_URL;
if (!pgUrl) throw new Error("PG_URL must name a reachable PostgreSQL database (the PostgreSQL diff reads its catalogue)");

const snapshot = "prisma/migrations/schema.snapshot.prisma";
const toPostgres = (text) => text.replace('provider = "sqlite"', 'provider = "postgresql"');
writeFileSync("/tmp/provisio-from.postgres.prisma", toPostgres(readFileSync(snapshot, "utf8")));
execFileSync("node", ["scripts/prisma-schemas.mjs"], { stdio: "inherit" });

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" };
const targets = [
  ["sqlite", "prisma/sqlite.config.ts", snapshot, "prisma/schema.prisma", "file:/tmp/provisio-diff.db"],
  ["postgres", "prisma/postgres.config.ts", "/tmp/provisio-from.postgres.prisma", "prisma/postgres/schema.prisma", pgUrl],
];
for (const [dialect, config, from, to, url] of targets) {
  const dir = path.join("prisma/migrations", dialect);
  const next = String(readdirSync(dir).filter((d) => /^\d{4}_/.test(d)).length + 1).padStart(4, "0");
  const sql = execFileSync("npx", ["prisma", "migrate", "diff", "--config", config, "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"], {
    env: { ...env, DATABASE_URL: url },
  }).toString();
  mkdirSync(path.join(dir, `${next}_${name}`), { recursive: true });
  writeFileSync(path.join(dir, `${next}_${name}`, "migration.sql"), sql);
  console.log(`wrote ${dir}/${next}_${name}/migration.sql`);
}
copyFileSync("prisma/schema.prisma", snapshot);
