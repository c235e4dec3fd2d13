import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../env.ts";

/**
 * Applies the committed migrations of the database's dialect (prisma/migrations/<dialect>/<name>/migration.sql),
 * in name order, each in its own transaction, recording them in Prisma's `_prisma_migrations` layout so
 * `prisma migrate deploy` stays usable where the schema engine is available. Prisma's own runner cannot be used
 * here: it needs a downloaded engine binary for PostgreSQL.
 */
export async function migrate(databaseUrl: string, migrationsRoot = path.resolve("prisma/migrations")): Promise<string[]> {
  const dialect = databaseUrl.startsWith("file:") ? "sqlite" : "postgres";
  const migrations = readMigrations(path.join(migrationsRoot, dialect));
  return dialect === "sqlite" ? migrateSqlite(sqlitePath(databaseUrl), migrations) : migratePostgres(databaseUrl, migrations);
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const ledgerColumns = `"id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0`;

function checkChecksum(applied: Map<string, string>, m: Migration) {
  const known = applied.get(m.name);
  if (known && known !== m.checksum) {
    throw new Error(`Migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead.`);
  }
  return Boolean(known);
}

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  if (!existsSync(path.dirname(file))) mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: 10_000 });
  try {
    // WAL lets readers proceed during writes; the setting is persistent in the file.
    conn.pragma("journal_mode = WAL");
    conn.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (${ledgerColumns.replaceAll("TIMESTAMPTZ", "DATETIME").replace("now()", "current_timestamp")})`);
    const applied: string[] = [];
    const run = conn.transaction((m: Migration) => {
      const rows = conn.prepare(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`).all() as { migration_name: string; checksum: string }[];
      if (checkChecksum(new Map(rows.map((r) => [r.migration_name, r.checksum])), m)) return;
      conn.exec(m.sql);
      conn.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (?, ?, current_timestamp, ?, 1)`).run(randomUUID(), m.checksum, m.name);
      applied.push(m.name);
    });
    for (const m of migrations) run.immediate(m);
    return applied;
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several instances may start at once against one database: one migrates, the others wait and find nothing to do.
    await client.query("SELECT pg_advisory_lock(727274)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (${ledgerColumns})`);
    const { rows } = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    const known = new Map<string, string>(rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      if (checkChecksum(known, m)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`, [randomUUID(), m.checksum, m.name]);
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (err) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(727274)").catch(() => undefined);
    await client.end();
  }
}
