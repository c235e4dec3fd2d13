import { describe, expect, it } from "vitest";
import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrate";

describe("migrate (SQLite)", () => {
  it("applies the committed migrations once, in WAL mode, and records them", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "provisio-migrate-"));
    const url = `file:${path.join(dir, "nested", "db.sqlite")}`;
    expect(await migrate(url)).toContain("0001_init");
    expect(await migrate(url)).toEqual([]);
    const conn = new Database(path.join(dir, "nested", "db.sqlite"));
    expect(conn.pragma("journal_mode", { simple: true })).toBe("wal");
    const names = conn.prepare(`SELECT migration_name FROM "_prisma_migrations"`).all() as { migration_name: string }[];
    expect(names.map((n) => n.migration_name)).toContain("0001_init");
    conn.close();
  });

  it("refuses a migration edited after it was applied, and rolls back a failing one", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "provisio-migrations-"));
    cpSync(path.resolve("prisma/migrations/sqlite"), path.join(root, "sqlite"), { recursive: true });
    const url = `file:${path.join(root, "db.sqlite")}`;
    await migrate(url, root);

    mkdirSync(path.join(root, "sqlite", "9999_broken"));
    writeFileSync(path.join(root, "sqlite", "9999_broken", "migration.sql"), `CREATE TABLE "half" (x INTEGER); THIS IS NOT SQL;`);
    await expect(migrate(url, root)).rejects.toThrow();
    const conn = new Database(path.join(root, "db.sqlite"));
    expect(conn.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined();
    conn.close();

    writeFileSync(path.join(root, "sqlite", "9999_broken", "migration.sql"), `CREATE TABLE "half" (x INTEGER);`);
    await migrate(url, root);
    writeFileSync(path.join(root, "sqlite", "9999_broken", "migration.sql"), `CREATE TABLE "half" (y INTEGER);`);
    await expect(migrate(url, root)).rejects.toThrow(/changed after it was applied/);
  });
});
