// What a sync's dry run (lib/provisioning/sync-plan/plan.ts) costs at 100,000 users and one group holding them
// all, outside the server: the first page with the counts (every user read and compared once), a page further on
// (no counts: it stops once full), a filtered first page, and the heap the first page leaves in use. The target
// "has" every user as after a sync (remote mappings with what it last received); one user in a hundred changed since.
//
//   node --expose-gc --import tsx bench/sync-plan.ts [users]
//
// Each case runs 3 times after one warm-up; the median is reported.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createSql } from "../lib/db/sql.ts";
import { loadUsers } from "../lib/identity/users/user-rows.ts";
import { toScim2User } from "../lib/provisioning/connectors/scim2/mapping.ts";
import { rememberRemoteId } from "../lib/provisioning/outbox/remote-mappings.ts";
import { provisionedUser } from "../lib/provisioning/snapshot.ts";
import { syncPlan, type PlanQuery } from "../lib/provisioning/sync-plan/plan.ts";
import { provisionTo } from "../e2e/support/outbound-setup.ts";
import { prepareDatabase, seedUsers } from "./seed.ts";
import { median } from "./stats.ts";

const USERS = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), "provisio-sync-plan-"));
const url = `file:${path.join(dir, "provisio.db")}`;

try {
  await prepareDatabase(url);
  const seeded = await seedUsers(url, USERS);
  console.log(`seeded ${seeded.users.toLocaleString("en")} users in ${seeded.seconds.toFixed(1)} s (SQLite)`);
  // a connector nothing is ever sent to: the plan only reads
  const { connectorId } = await provisionTo({ databaseUrl: url }, { baseUrl: "http://127.0.0.1:9" });
  const sql = createSql(url);
  const ids = (await sql.all<{ id: string }>(`SELECT "id" FROM "User"`)).map((r) => r.id);
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 1000) {
    const users = await loadUsers(sql, ids.slice(i, i + 1000));
    await sql.transaction(async (tx) => {
      for (const [n, u] of users.entries()) {
        const sent = toScim2User(provisionedUser(u), { stripLocalDomain: true });
        // one in a hundred changed here since it was sent
        if ((i + n) % 100 === 0) sent.title = "Formerly";
        await rememberRemoteId(tx, { connectorId, entityType: "User", entityId: u.id }, `remote-${u.id}`, sent);
      }
    });
  }
  console.log(`mapped them at the target in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const first = await syncPlan(sql, connectorId, { count: 50 });
  console.log(`counts: ${JSON.stringify(first.counts)}`);
  const cases: [string, PlanQuery][] = [
    ["first page of 50, with the counts", { count: 50 }],
    ["page of 50 past the middle (no counts)", { count: 50, cursor: `user:${[...ids].sort()[Math.floor(ids.length / 2)]}` }],
    ["first page of updates, with the counts", { count: 50, action: "update" }],
    ["first page of updates, without the counts", { count: 50, action: "update", counts: false }],
    ["first page of deletes, without the counts", { count: 50, action: "delete", counts: false }],
    ["page of 200 groups (no counts)", { count: 200, kind: "group", cursor: "group:0" }],
  ];
  console.log("\nsync plan, median of 3:");
  for (const [name, query] of cases) {
    await syncPlan(sql, connectorId, query);
    const times: number[] = [];
    let page = first;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      page = await syncPlan(sql, connectorId, query);
      times.push(performance.now() - start);
    }
    console.log(`${name.padEnd(42)} ${median(times).toFixed(0).padStart(7)} ms  (${page.entries.length} entries${page.nextCursor ? ", more follow" : ""})`);
  }
  if (!global.gc) throw new Error("run with node --expose-gc, so the heap is measured from a collected baseline");
  global.gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  await syncPlan(sql, connectorId, { count: 50 });
  clearInterval(timer);
  console.log(`\nheap during a first page: ${((peak - before) / 1e6).toFixed(0)} MB above the ${(before / 1e6).toFixed(0)} MB in use before (sampled every 5 ms)`);
  await sql.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
