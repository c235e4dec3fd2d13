import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { SqliteWriter } from "./sqlite-writer";
import type { SqlExecutor } from "./sql";
import { createInstanceState } from "./instance-state";

// a real SQLite file; the writer's connection records the transaction-control statements it is given
let dir: string;
let conn: Database.Database;
let observer: Database.Database;
let control: string[];
let writer: SqliteWriter;

function executor(c: Database.Database): SqlExecutor {
  return {
    dialect: "sqlite",
    state: createInstanceState(),
    all: async (text, params = []) => c.prepare(text).all(...params) as never[],
    get: async (text, params = []) => c.prepare(text).get(...params) as never,
    run: async (text, params = []) => c.prepare(text).run(...params).changes,
  };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "provisio-writer-"));
  const file = path.join(dir, "w.db");
  conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.exec(`CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)`);
  observer = new Database(file, { readonly: true });
  control = [];
  const exec = conn.exec.bind(conn);
  conn.exec = (text: string) => {
    control.push(text);
    return exec(text);
  };
  writer = new SqliteWriter(conn, executor(conn));
});

afterEach(() => {
  conn.close();
  observer.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (k: string) => (tx: SqlExecutor) => tx.run(`INSERT INTO t (k, n) VALUES (?, 1)`, [k]).then(() => k);
const keys = () => (observer.prepare(`SELECT k FROM t ORDER BY k`).all() as { k: string }[]).map((r) => r.k);
const count = (statement: string) => control.filter((c) => c === statement).length;

describe("SqliteWriter (group commit)", () => {
  it("commits transactions requested in the same turn together, and settles each with its own result", async () => {
    const results = await Promise.all(["a", "b", "c", "d"].map((k) => writer.transaction(insert(k))));
    expect(results).toEqual(["a", "b", "c", "d"]);
    expect(count("BEGIN IMMEDIATE")).toBe(1);
    expect(count("COMMIT")).toBe(1);
    expect(keys()).toEqual(["a", "b", "c", "d"]);
  });

  it("rolls back only the transaction that failed; the others commit", async () => {
    const outcomes = await Promise.allSettled([
      writer.transaction(insert("a")),
      writer.transaction(async (tx) => {
        await tx.run(`INSERT INTO t (k, n) VALUES ('half', 1)`);
        throw new Error("changed its mind");
      }),
      writer.transaction(insert("a")), // unique violation thrown by SQLite itself
      writer.transaction(insert("b")),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe("changed its mind");
    expect((outcomes[2] as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect(keys()).toEqual(["a", "b"]);
    expect(count("COMMIT")).toBe(1);
  });

  it("settles a transaction only once its group is committed and visible to other connections", async () => {
    const seen: string[][] = [];
    await Promise.all(["a", "b"].map((k) => writer.transaction(insert(k)).then(() => seen.push(keys()))));
    expect(seen).toEqual([
      ["a", "b"],
      ["a", "b"],
    ]);
  });

  it("runs plain statements alone, outside any transaction, in their place in the queue", async () => {
    const order: string[] = [];
    await Promise.all([
      writer.transaction(insert("a")).then(() => order.push("tx a")),
      writer.run(`VACUUM`).then(() => order.push("vacuum")),
      writer.transaction(insert("b")).then(() => order.push("tx b")),
    ]);
    expect(order).toEqual(["tx a", "vacuum", "tx b"]);
    expect(count("BEGIN IMMEDIATE")).toBe(2);
    expect(keys()).toEqual(["a", "b"]);
  });

  it("gives a lone transaction a plain BEGIN … COMMIT without savepoints", async () => {
    await writer.transaction(insert("a"));
    await writer.transaction(insert("b"));
    expect(control).toEqual(["BEGIN IMMEDIATE", "COMMIT", "BEGIN IMMEDIATE", "COMMIT"]);
  });

  it("keeps a transaction's statements from interleaving with another's across awaits", async () => {
    const slow = writer.transaction(async (tx) => {
      await tx.run(`INSERT INTO t (k, n) VALUES ('x', 1)`);
      await new Promise((r) => setTimeout(r, 20));
      await tx.run(`UPDATE t SET n = n + 1 WHERE k = 'x'`);
      return (await tx.get<{ n: number }>(`SELECT n FROM t WHERE k = 'x'`))!.n;
    });
    const other = writer.transaction(async (tx) => (await tx.get<{ n: number }>(`SELECT n FROM t WHERE k = 'x'`))?.n ?? null);
    expect(await Promise.all([slow, other])).toEqual([2, 2]);
  });
});
