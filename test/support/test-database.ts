import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type Db } from "./prisma-client.ts";
import { createSql, type Sql } from "../../lib/db/sql.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { seed } from "../../lib/identity/seed.ts";

/** A migrated and seeded SQLite database in a temporary folder, for tests of the store against the real engine. */
export async function testDatabase(): Promise<{ db: Db; sql: Sql; url: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "provisio-unit-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrate(url);
  const db = createDb(url);
  const sql = createSql(url);
  await seed(sql, { username: "admin", password: "admin-password" });
  return {
    db,
    sql,
    url,
    cleanup: async () => {
      await db.$disconnect();
      await sql.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
