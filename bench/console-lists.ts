// What the console's users list costs at 100,000 users, outside the server: the admin API's list query
// (lib/identity/users/list-users.ts) for the first page, a deep page, each sort, and searches that match one user,
// a few hundred, a tenth of them and none. The search matches the start of a user name, display name or email.
// Same schema (migrations) and connection settings as the application.
//
//   node --import tsx bench/console-lists.ts [users] [sqlite|postgres URL]
//
// Each case runs 15 times after one warm-up; the median is reported.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSql } from "../lib/db/sql.ts";
import { listUsers, type ListQuery } from "../lib/identity/users/list-users.ts";
import { benchUserName, prepareDatabase, seedUsers } from "./seed.ts";
import { median } from "./stats.ts";

const USERS = Number(process.argv[2] ?? 100_000);
const given = process.argv[3];
const dir = given ? undefined : mkdtempSync(path.join(os.tmpdir(), "provisio-lists-"));
const url = given ?? `file:${path.join(dir!, "provisio.db")}`;

try {
  await prepareDatabase(url);
  const seeded = await seedUsers(url, USERS);
  console.log(`seeded ${seeded.users.toLocaleString("en")} users in ${seeded.seconds.toFixed(1)} s (${given ? "given database" : "SQLite"})`);
  const sql = createSql(url);
  const deep = Math.max(1, USERS - 20);
  const cases: [string, ListQuery][] = [
    ["first page of 20, by user name", { count: 20 }],
    ["page of 100, by user name", { count: 100 }],
    [`page at ${deep.toLocaleString("en")}`, { startIndex: deep, count: 20 }],
    ["first page by display name, descending", { count: 20, sortBy: "displayName", sortOrder: "descending" }],
    ["first page by creation, newest first", { count: 20, sortBy: "createdAt", sortOrder: "descending" }],
    ["search: one user by exact user name", { search: benchUserName(Math.floor(USERS / 2)), count: 20 }],
    ["search: start of a user name (a few hundred)", { search: benchUserName(0).slice(0, 6), count: 20 }],
    ["search: start of a display name", { search: "alan tu", count: 20 }],
    ["search: one letter (a tenth of all users)", { search: "a", count: 20 }],
    ["search: an email", { search: `${benchUserName(Math.floor(USERS / 3))}@example.com`, count: 20 }],
    ["search: no match", { search: "zz-nobody-zz", count: 20 }],
  ];
  console.log("\nusers list (admin API query), median of 15:");
  for (const [name, query] of cases) {
    let result = await listUsers(sql, query);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      result = await listUsers(sql, query);
      times.push(performance.now() - t0);
    }
    console.log(`${name.padEnd(44)} ${median(times).toFixed(1).padStart(7)} ms  (${result.items.length} of ${result.totalResults.toLocaleString("en")})`);
  }
  await sql.close();
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
