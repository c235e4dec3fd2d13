// Loads a benchmark population straight into the database: N users with names, e-mail values and departments,
// plus one group holding all of them. Going through SCIM would take minutes; multi-row INSERTs in large
// transactions take seconds, and write exactly the rows the application itself writes (see create-user.ts,
// user-columns.ts and user-rows.ts insertValues), so the server cannot tell the difference.
//
//   node --import tsx bench/seed.ts <DATABASE_URL> [users]
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { createSql, type Sql, type SqlExecutor, type SqlParam } from "../lib/db/sql.ts";
import { migrate } from "../lib/db/migrate.ts";

export const BIG_GROUP = "All staff";

const GIVEN = [
  "Ada",
  "Alan",
  "Grace",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Donald",
  "Hedy",
  "Niklaus",
  "Katherine",
  "Tim",
  "Sophie",
  "John",
  "Annie",
  "Guido",
  "Lovisa",
  "Jean",
  "Mary",
  "Bjarne",
  "Ida",
  "Leslie",
  "Carla",
  "Yukihiro",
  "Shafi",
  "Claude",
];
const FAMILY = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Knuth",
  "Lamarr",
  "Wirth",
  "Johnson",
  "Berners-Lee",
  "Wilson",
  "McCarthy",
  "Easley",
  "Rossum",
  "Andersson",
  "Bartik",
  "Keller",
  "Stroustrup",
  "Rhodes",
  "Lamport",
  "Meninsky",
  "Matsumoto",
  "Goldwasser",
  "Shannon",
];
const DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Support", "Human Resources", "Legal", "Operations"];
const TITLES = ["Engineer", "Senior Engineer", "Manager", "Analyst", "Specialist", "Director", "Associate", "Consultant"];

export interface SeedResult {
  users: number;
  groupId: string;
  /** a spread of ids and user names across the population, for requests that must hit existing users */
  sampleIds: string[];
  sampleUserNames: string[];
  seconds: number;
}

/** Schema and first-start content (PRIMARY store, admin), exactly as the server's bootstrap would leave them. */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await migrate(databaseUrl);
  // imported late: the seed reads the environment at load time
  const { seed } = await import("../lib/identity/seed.ts");
  const db = createSql(databaseUrl);
  try {
    await seed(db, { username: process.env.ADMIN_USERNAME ?? "admin", password: process.env.ADMIN_PASSWORD ?? "admin" });
  } finally {
    await db.close();
  }
}

// Under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters per statement, with room to spare.
const ROWS_PER_STATEMENT = 500;
// Large enough that commits are rare, small enough that one transaction never holds the writer for long.
const USERS_PER_TRANSACTION = 10_000;

async function insertRows(tx: SqlExecutor, table: string, columns: string[], rows: SqlParam[][]): Promise<void> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    await tx.run(head + chunk.map(() => tuple).join(", "), chunk.flat());
  }
}

const USER_COLUMNS = [
  "id",
  "storeId",
  "userName",
  "userNameKey",
  "externalId",
  "active",
  "formattedName",
  "familyName",
  "givenName",
  "displayName",
  "displayNameKey",
  "title",
  "employeeNumber",
  "department",
  "source",
  "version",
  "createdAt",
  "updatedAt",
];
const VALUE_COLUMNS = ["id", "userId", "attribute", "position", "type", "primary", "value", "valueKey"];
const MEMBER_COLUMNS = ["groupId", "userId", "createdAt"];

/** The i-th user of the population; deterministic so a run can name users without asking the server. */
export function benchUserName(i: number): string {
  const given = GIVEN[i % GIVEN.length];
  const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length];
  return `${given}.${family}.${i}`.toLowerCase();
}

export async function seedUsers(databaseUrl: string, count = 100_000, log: (line: string) => void = () => undefined): Promise<SeedResult> {
  const started = performance.now();
  const sql: Sql = createSql(databaseUrl);
  try {
    const store = await sql.get<{ id: string }>(`SELECT "id" FROM "UserStore" WHERE "domain" = ?`, ["PRIMARY"]);
    if (!store) throw new Error("No PRIMARY user store: prepare the database (migrations and first-start seed) first");
    // creation times one millisecond apart, ending now: creation order is unambiguous and all lie in the past
    const base = Date.now() - count;
    const groupId = randomUUID();
    const sampleEvery = Math.max(1, Math.floor(count / 10_000));
    const sampleIds: string[] = [];
    const sampleUserNames: string[] = [];

    await sql.transaction(async (tx) => {
      const now = new Date();
      await insertRows(tx, "Group", ["id", "storeId", "displayName", "displayNameKey", "version", "createdAt", "updatedAt"], [[groupId, store.id, BIG_GROUP, BIG_GROUP.toLowerCase(), 1, now, now]]);
    });

    for (let from = 0; from < count; from += USERS_PER_TRANSACTION) {
      const to = Math.min(count, from + USERS_PER_TRANSACTION);
      const users: SqlParam[][] = [];
      const values: SqlParam[][] = [];
      const members: SqlParam[][] = [];
      for (let i = from; i < to; i++) {
        const id = randomUUID();
        const given = GIVEN[i % GIVEN.length];
        const family = FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length];
        const userName = benchUserName(i);
        const display = `${given} ${family}`;
        const at = new Date(base + i);
        users.push([
          id,
          store.id,
          userName,
          userName,
          `ext-${i}`,
          i % 50 !== 0,
          display,
          family,
          given,
          display,
          display.toLowerCase(),
          TITLES[i % TITLES.length],
          String(100000 + i),
          DEPARTMENTS[i % DEPARTMENTS.length],
          "scim",
          1,
          at,
          at,
        ]);
        const work = `${userName}@example.com`;
        values.push([randomUUID(), id, "emails", 0, "work", true, work, work]);
        // every third user also has a private address: lists and filters see users with one and two values
        if (i % 3 === 0) {
          const home = `${given}${i}@home.example.org`;
          values.push([randomUUID(), id, "emails", 1, "home", false, home, home.toLowerCase()]);
        }
        members.push([groupId, id, at]);
        if (i % sampleEvery === 0) {
          sampleIds.push(id);
          sampleUserNames.push(userName);
        }
      }
      await sql.transaction(async (tx) => {
        await insertRows(tx, "User", USER_COLUMNS, users);
        await insertRows(tx, "UserValue", VALUE_COLUMNS, values);
        await insertRows(tx, "GroupMember", MEMBER_COLUMNS, members);
      });
      log(`  ${to.toLocaleString("en")} / ${count.toLocaleString("en")} users`);
    }

    // On PostgreSQL autovacuum would analyse the new rows within a minute or so, in the middle of a measurement;
    // doing it now measures the steady state instead. SQLite gets no ANALYZE: the server never runs one.
    if (sql.dialect === "postgres") await sql.run(`VACUUM ANALYZE`);
    return { users: count, groupId, sampleIds, sampleUserNames, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [url, n] = process.argv.slice(2);
  if (!url) {
    console.error("usage: node --import tsx bench/seed.ts <DATABASE_URL> [users]");
    process.exit(2);
  }
  await prepareDatabase(url);
  const result = await seedUsers(url, n ? Number(n) : 100_000, console.log);
  console.log(`${result.users.toLocaleString("en")} users and group "${BIG_GROUP}" (${result.groupId}) loaded in ${result.seconds.toFixed(1)} s`);
}
