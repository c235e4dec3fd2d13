import { PrismaClient as SqliteClient } from "../../lib/generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "../../lib/generated/postgres/client.ts";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { sqlitePath } from "../../lib/env.ts";

/**
 * Prisma's client, for tests that arrange rows with its API. The server does not
 * open one: every request, the worker, the seed and the health check use the one `Sql` of the instance.
 *
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
