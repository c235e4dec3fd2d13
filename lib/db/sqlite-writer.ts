import type Database from "better-sqlite3";
import type { SqlExecutor, SqlParam } from "./sql.ts";

interface Queued {
  kind: "transaction" | "statement";
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

// enough to amortise a commit over a burst of requests without making one wait long for the others
const MAX_GROUP = 64;

/**
 * SQLite's single writer with group commit. Transactions requested in the same turn of the event loop run
 * one after another inside one BEGIN … COMMIT, each in its own SAVEPOINT: one that fails is rolled back
 * alone and its caller gets the error, the others commit together, and every caller's promise settles only
 * after the COMMIT. A commit appends each changed page to the WAL once per group instead of once per request,
 * which is most of the cost of a small write. Plain statements (and anything that cannot run inside a
 * transaction, such as VACUUM) run alone.
 */
export class SqliteWriter {
  private readonly queue: Queued[] = [];
  private scheduled = false;
  private draining = false;

  constructor(
    private readonly conn: Database.Database,
    private readonly executor: SqlExecutor,
  ) {}

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.enqueue("transaction", work) as Promise<T>;
  }

  run(text: string, params?: SqlParam[]): Promise<number> {
    return this.enqueue("statement", (tx) => tx.run(text, params)) as Promise<number>;
  }

  private enqueue(kind: Queued["kind"], work: Queued["work"]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ kind, work, resolve, reject });
      // after the I/O callbacks of this turn: requests that arrived together share one commit
      if (!this.scheduled && !this.draining) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    this.draining = true;
    try {
      while (this.queue.length) {
        const first = this.queue[0];
        if (first.kind === "statement") {
          this.queue.shift();
          await settle(first, () => first.work(this.executor));
          continue;
        }
        let end = 1;
        while (end < this.queue.length && end < MAX_GROUP && this.queue[end].kind === "transaction") end++;
        const group = this.queue.splice(0, end);
        if (group.length === 1) await settle(group[0], () => this.alone(group[0]));
        else await this.together(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async alone(item: Queued): Promise<unknown> {
    this.conn.exec("BEGIN IMMEDIATE");
    try {
      const result = await item.work(this.executor);
      this.conn.exec("COMMIT");
      return result;
    } catch (err) {
      if (this.conn.inTransaction) this.conn.exec("ROLLBACK");
      throw err;
    }
  }

  private async together(group: Queued[]): Promise<void> {
    const done: Array<{ item: Queued; value: unknown }> = [];
    const begin = () => {
      try {
        this.conn.exec("BEGIN IMMEDIATE");
        return true;
      } catch (err) {
        for (const item of group.slice(done.length)) item.reject(err);
        return false;
      }
    };
    if (!begin()) return;
    for (const item of group) {
      this.conn.exec("SAVEPOINT grouped");
      try {
        const value = await item.work(this.executor);
        this.conn.exec("RELEASE grouped");
        done.push({ item, value });
      } catch (err) {
        if (this.conn.inTransaction) {
          this.conn.exec("ROLLBACK TO grouped");
          this.conn.exec("RELEASE grouped");
        } else {
          // SQLite abandoned the whole transaction (I/O error, disk full): what the group did before is gone too
          for (const d of done.splice(0)) d.item.reject(err);
          if (!begin()) return;
        }
        item.reject(err);
      }
    }
    try {
      this.conn.exec("COMMIT");
    } catch (err) {
      if (this.conn.inTransaction) this.conn.exec("ROLLBACK");
      for (const d of done) d.item.reject(err);
      return;
    }
    for (const d of done) d.item.resolve(d.value);
  }
}

async function settle(item: Queued, run: () => Promise<unknown>): Promise<void> {
  try {
    item.resolve(await run());
  } catch (err) {
    item.reject(err);
  }
}
