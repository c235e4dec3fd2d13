import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type Db } from "./client.ts";
import { migrate } from "./migrate.ts";
import { seed } from "../identity/seed.ts";

/** A migrated and seeded SQLite database in a temporary folder, for tests of the store against the real engine. */
export async function testDatabase(): Promise<{ db: Db; url: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "provisio-unit-"));
  const url = `file:${path.join(dir, "test.db")}`;
  await migrate(url);
  const db = createDb(url);
  await seed(db, { username: "admin", password: "admin-password" });
  return {
    db,
    url,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
