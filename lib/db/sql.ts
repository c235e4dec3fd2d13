import Database from "better-sqlite3";
import pg from "pg";
import { sqlitePath } from "../env.ts";
import { SqliteWriter } from "./sqlite-writer.ts";
import { startCheckpointer } from "./sqlite-checkpointer.ts";
import { PgStatements, isStalePlan } from "./pg-statements.ts";
import { createInstanceState, type InstanceState } from "./instance-state.ts";

/**
 * Parameterised SQL for the hot paths (SCIM reads, writes and filters), where Prisma's per-call overhead
 * dominates. Statements use `?` placeholders and double-quoted identifiers, which both dialects accept;
 * booleans and dates are converted per dialect here so callers never branch on it.
 */
export type SqlParam = string | number | boolean | null | Date;
export type Dialect = "sqlite" | "postgres";

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** the caches and wiring of the instance this database access belongs to (instance-state.ts) */
  readonly state: InstanceState;
  all<T = Record<string, unknown>>(text: string, params?: SqlParam[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, params?: SqlParam[]): Promise<T | undefined>;
  /** returns the number of rows changed */
  run(text: string, params?: SqlParam[]): Promise<number>;
  /**
   * A number that changes whenever another connection commits (SQLite's `data_version` on the reading connection),
   * so a read may reuse what it computed while it stays the same. Absent where no such number is cheap: PostgreSQL,
   * and inside a transaction, whose own writes would not change it.
   */
  changeStamp?(): number;
}

export interface Sql extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The storage form of an instant: what Prisma writes, so rows from either path compare and sort alike. */
export function sqlTimestamp(dialect: Dialect, date: Date): string {
  const iso = date.toISOString();
  return dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("Z", "");
}

export interface SqlOptions {
  /** SQLite: copy the write-ahead log back from a thread of its own instead of in commits (the server's choice) */
  backgroundCheckpoints?: boolean;
}

/** One pool (PostgreSQL) or pair of connections (SQLite) per call: the composition root makes one per database. */
export function createSql(databaseUrl: string, state: InstanceState = createInstanceState(), options: SqlOptions = {}): Sql {
  return databaseUrl.startsWith("file:") ? sqliteSql(sqlitePath(databaseUrl), state, options) : postgresSql(databaseUrl, state);
}

// ---------- SQLite ----------

function sqliteParams(params: SqlParam[]): unknown[] {
  return params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Date ? sqlTimestamp("sqlite", p) : p));
}

function openSqlite(file: string): Database.Database {
  const conn = new Database(file, { timeout: 10_000 });
  conn.pragma("journal_mode = WAL");
  // WAL + NORMAL never corrupts and keeps every commit across a process crash; only an OS crash can lose the last ones
  conn.pragma("synchronous = NORMAL");
  // keys used for case-insensitive matching are stored lower-cased, so LIKE must not fold case itself
  conn.pragma("case_sensitive_like = ON");
  conn.pragma("foreign_keys = ON");
  // a directory of 100,000 users is tens of MB: keep its hot pages in the connection instead of re-reading them
  conn.pragma("cache_size = -65536");
  conn.pragma("mmap_size = 268435456");
  conn.pragma("temp_store = MEMORY");
  return conn;
}

function sqliteExecutor(conn: Database.Database, state: InstanceState): SqlExecutor {
  const cache = new Map<string, Database.Statement>();
  const prepare = (text: string) => {
    let stmt = cache.get(text);
    if (!stmt) {
      stmt = conn.prepare(text);
      cache.set(text, stmt);
    }
    return stmt;
  };
  return {
    dialect: "sqlite",
    state,
    async all<T>(text: string, params: SqlParam[] = []) {
      return prepare(text).all(...sqliteParams(params)) as T[];
    },
    async get<T>(text: string, params: SqlParam[] = []) {
      return prepare(text).get(...sqliteParams(params)) as T | undefined;
    },
    async run(text: string, params: SqlParam[] = []) {
      const stmt = prepare(text);
      if (stmt.reader) {
        stmt.all(...sqliteParams(params));
        return 0;
      }
      return stmt.run(...sqliteParams(params)).changes;
    },
  };
}

/**
 * Two connections: writes go through one writer (SQLite has a single writer anyway, and async work inside a
 * transaction must not interleave with another's statements on the same connection), which commits concurrent
 * transactions as a group; reads outside transactions use a second connection, which in WAL mode sees only
 * committed data.
 */
function sqliteSql(file: string, state: InstanceState, options: SqlOptions): Sql {
  const writerConn = openSqlite(file);
  const readerConn = openSqlite(file);
  const checkpointer = options.backgroundCheckpoints ? startCheckpointer(file, [writerConn, readerConn]) : undefined;
  const writer = new SqliteWriter(writerConn, sqliteExecutor(writerConn, state));
  const reader = sqliteExecutor(readerConn, state);
  return {
    dialect: "sqlite",
    state,
    all: reader.all,
    get: reader.get,
    changeStamp: () => readerConn.pragma("data_version", { simple: true }) as number,
    run: (text, params) => writer.run(text, params),
    transaction: (work) => writer.transaction(work),
    async close() {
      await checkpointer?.stop();
      writerConn.close();
      readerConn.close();
    },
  };
}

// ---------- PostgreSQL ----------

const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    // timestamp without time zone holds UTC (Prisma's convention); int8 counts fit in a double
    if (oid === 1114) return (s: string) => new Date(s.replace(" ", "T") + "Z");
    if (oid === 20) return (s: string) => Number(s);
    return pg.types.getTypeParser(oid, format as "text");
  },
};

function pgParams(params: SqlParam[]): unknown[] {
  return params.map((p) => (p instanceof Date ? sqlTimestamp("postgres", p) : p));
}

function postgresExecutor(client: pg.Pool | pg.PoolClient, statements: PgStatements, state: InstanceState): SqlExecutor {
  const query = async (text: string, params: SqlParam[]) => {
    const values = pgParams(params);
    const prepared = statements.query(text);
    try {
      return await client.query({ ...prepared, values, types: pgTypes });
    } catch (err) {
      if (!prepared.name || !isStalePlan(err)) throw err;
      statements.unname(text);
      return client.query({ text: prepared.text, values, types: pgTypes });
    }
  };
  return {
    dialect: "postgres",
    state,
    async all<T>(text: string, params: SqlParam[] = []) {
      return (await query(text, params)).rows as T[];
    },
    async get<T>(text: string, params: SqlParam[] = []) {
      return (await query(text, params)).rows[0] as T | undefined;
    },
    async run(text: string, params: SqlParam[] = []) {
      return (await query(text, params)).rowCount ?? 0;
    },
  };
}

function postgresSql(url: string, state: InstanceState): Sql {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const statements = new PgStatements();
  const base = postgresExecutor(pool, statements, state);
  return {
    ...base,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(postgresExecutor(client, statements, state));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
