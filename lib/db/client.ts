import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../generated/postgres/client.ts";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { config, sqlitePath } from "../env.ts";
import { createSql } from "./sql.ts";

/**
 * The Prisma client type the code is written against. Both generated clients come from one schema
 * (prisma/schema.prisma) and differ only in their provider, so their APIs are the same.
 */
export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function createDb(databaseUrl: string): Db {
  if (databaseUrl.startsWith("file:")) {
    // busy timeout: several writers (server, worker, a second process) wait instead of failing with SQLITE_BUSY
    return new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqlitePath(databaseUrl), timeout: 10_000 }) });
  }
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10 });
  return new PostgresClient({ adapter }) as unknown as Db;
}

const g = globalThis as typeof globalThis & { __provisioDb?: Db };

/**
 * The process-wide client. Kept on globalThis so the server entry and Next's bundled route handlers,
 * which load separate copies of this module, share one connection pool.
 */
export function db(): Db {
  g.__provisioDb ??= createDb(config().databaseUrl);
  return g.__provisioDb;
}

export function isPostgres(): boolean {
  return config().dialect === "postgres";
}

const gs = globalThis as typeof globalThis & { __provisioSql?: import("./sql.ts").Sql };

/** The process-wide SQL access for hot paths (see sql.ts), shared like db(). */
export function sql(): import("./sql.ts").Sql {
  gs.__provisioSql ??= createSql(config().databaseUrl);
  return gs.__provisioSql;
}
