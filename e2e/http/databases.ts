import { inject } from "vitest";
import pg from "pg";
import { randomBytes } from "node:crypto";

/** A fresh, empty PostgreSQL database in the test cluster. */
export async function freshPostgresDatabase(): Promise<string> {
  const port = inject("postgresPort");
  const name = `provisio_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return `postgresql://postgres@127.0.0.1:${port}/${name}`;
}

export type Dialect = "sqlite" | "postgres";
export const DIALECTS: Dialect[] = ["sqlite", "postgres"];

/** undefined lets the server create its SQLite file in its data folder, the default set-up */
export async function databaseFor(dialect: Dialect): Promise<string | undefined> {
  return dialect === "postgres" ? freshPostgresDatabase() : undefined;
}
