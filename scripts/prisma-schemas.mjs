// Derives the PostgreSQL schema from the SQLite one (only the provider and the client output differ),
// then runs `prisma generate` for both. Used by postinstall and by `npm run db:generate`.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";

const source = readFileSync("prisma/schema.prisma", "utf8");
const postgres = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace("../lib/generated/sqlite", "../../lib/generated/postgres")
  .replace(/^\/\/ Provisio identity store\..*\n.*\n/m, "// Generated from prisma/schema.prisma by scripts/prisma-schemas.mjs: edit that file instead.\n");
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync("prisma/postgres/schema.prisma", postgres);

// The CLI only checks that a schema engine path exists; the client is generated without it (engineType "client").
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
const targets = [
  ["prisma/schema.prisma", "file:./unused.db"],
  ["prisma/postgres/schema.prisma", "postgresql://unused@127.0.0.1/unused"],
];
for (const [schema, url] of targets) {
  execFileSync("npx", ["prisma", "generate", "--schema", schema], { stdio: "inherit", env: { ...env, DATABASE_URL: url } });
}

// the row types of the tables, for the queries that select them
execFileSync("node", ["scripts/table-types.mjs"], { stdio: "inherit" });
