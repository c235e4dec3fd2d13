import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { startCheckpointer, type Checkpointer } from "./sqlite-checkpointer";

const dirs: string[] = [];
const running: Checkpointer[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function walDatabase() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-checkpoint-"));
  dirs.push(dir);
  const file = path.join(dir, "db.sqlite");
  const conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = NORMAL");
  conn.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)`);
  return { file, conn };
}

/** Commits about 6 MB in small transactions: far past the 1,000 pages at which a commit would checkpoint. */
function writeMuch(conn: Database.Database) {
  const insert = conn.prepare(`INSERT INTO t (body) VALUES (?)`);
  for (let i = 0; i < 300; i++) conn.transaction(() => insert.run("x".repeat(20_000)))();
}

const sizeOf = (file: string) => statSync(file).size;

async function until(check: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

describe("background checkpoints", () => {
  it("leave the commits to append only, and copy the log into the database file from their thread", async () => {
    const { file, conn } = walDatabase();
    running.push(startCheckpointer(file, [conn], { everyMs: 20 }));
    expect(conn.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const before = sizeOf(file);
    writeMuch(conn);
    // nothing in the writer's thread has checkpointed: the rows reach the file only through the worker
    await until(() => sizeOf(file) > before + 5_000_000, 5_000);
    expect(sizeOf(file)).toBeGreaterThan(before + 5_000_000);
    expect(conn.prepare(`SELECT COUNT(*) AS n FROM t`).get()).toEqual({ n: 300 });
    conn.close();
  });

  it("without the thread, a connection that never checkpoints keeps everything in the log", () => {
    const { file, conn } = walDatabase();
    conn.pragma("wal_autocheckpoint = 0");
    const before = sizeOf(file);
    writeMuch(conn);
    expect(sizeOf(file)).toBe(before);
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(5_000_000);
    conn.close();
  });

  it("gives checkpoints back to the connections when the thread cannot run", async () => {
    const { file, conn } = walDatabase();
    startCheckpointer(file, [conn], { driver: path.join(os.tmpdir(), "no-such-driver.js") });
    await until(() => conn.pragma("wal_autocheckpoint", { simple: true }) === 1000, 5_000);
    expect(conn.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    conn.close();
  });

  it("stops: its connection closes, and the database closes cleanly after it", async () => {
    const { file, conn } = walDatabase();
    const checkpointer = startCheckpointer(file, [conn], { everyMs: 20 });
    writeMuch(conn);
    await checkpointer.stop();
    conn.close();
    // the last connection to close checkpoints and removes the log
    expect(() => statSync(`${file}-wal`)).toThrow();
  });
});
