// A one-member change to a 100,000-member group, through Provisio's outbound engine to a SCIM 2.0 target:
// how many requests reach the target, how many bytes they carry, and how long the change takes to arrive.
//   node --import tsx bench/group-delta.ts [--members N]
// A is seeded with N users and the group "All staff" holding them all (bench/seed.ts); the target (the limited
// SCIM 2.0 server of the tests, PATCH enabled) already holds them and the group, and A's remote mappings say so,
// as after a sync. Then one user created at A is provisioned, added to the group and removed again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSql } from "../lib/db/sql.ts";
import { startLimitedTarget } from "../test/support/limited-scim-target.ts";
import { provisionTo } from "../e2e/support/outbound-setup.ts";
import { startProvisio } from "../e2e/support/provisio.ts";
import { call, log, sleep, userBody } from "./outbound-support.ts";
import { BIG_GROUP, prepareDatabase, seedUsers } from "./seed.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const MEMBERS = Number(arg("members") ?? 100_000);
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "provisio-group-delta-"));
  const databaseUrl = `file:${path.join(dataDir, "provisio.db")}`;
  const target = await startLimitedTarget({ maxMembersPerRequest: 1000 });
  let a: Awaited<ReturnType<typeof startProvisio>> | undefined;
  try {
    log(`seeding ${MEMBERS} users and "${BIG_GROUP}"`);
    await prepareDatabase(databaseUrl);
    const seeded = await seedUsers(databaseUrl, MEMBERS);
    const { connectorId } = await provisionTo(
      { databaseUrl },
      { baseUrl: target.baseUrl },
      { config: { userEndpoint: target.userEndpoint, groupEndpoint: target.groupEndpoint, username: "x", password: "x" } },
    );

    // the target holds everyone already, and A knows their ids there
    const sql = createSql(databaseUrl);
    const remoteGroupId = "remote-all-staff";
    try {
      const userIds = (await sql.all<{ id: string }>(`SELECT "id" FROM "User"`)).map((r) => r.id);
      await sql.transaction(async (tx) => {
        const now = new Date();
        for (let i = 0; i < userIds.length; i += 400) {
          const chunk = userIds.slice(i, i + 400);
          await tx.run(
            `INSERT INTO "RemoteMapping" ("connectorId", "entityType", "entityId", "remoteId", "updatedAt") VALUES ${chunk.map(() => "(?, 'User', ?, ?, ?)").join(", ")}`,
            chunk.flatMap((id) => [connectorId, id, `remote-${id}`, now]),
          );
        }
        await tx.run(`INSERT INTO "RemoteMapping" ("connectorId", "entityType", "entityId", "remoteId", "updatedAt") VALUES (?, 'Group', ?, ?, ?)`, [connectorId, seeded.groupId, remoteGroupId, now]);
      });
      for (const id of userIds) target.users.set(`remote-${id}`, { id: `remote-${id}`, userName: id });
      target.groups.set(remoteGroupId, { id: remoteGroupId, displayName: BIG_GROUP, members: userIds.map((id) => ({ value: `remote-${id}` })) });
    } finally {
      await sql.close();
    }

    a = await startProvisio({ databaseUrl, dataDir });
    const created = await call(a.baseUrl, "POST", "/scim2/Users", userBody("group.delta.newcomer", 0));
    if (created.status !== 201) throw new Error(`creating the newcomer answered ${created.status}`);
    const localId = (JSON.parse(created.body) as { id: string }).id;
    const remote = await until("the newcomer at the target", () => target.user("group.delta.newcomer"));

    const rows: { change: string; requests: number; bytes: number; answerMs: number; ms: number }[] = [];
    for (const [change, op] of [
      ["add one member", { op: "add", path: "members", value: [{ value: localId }] }],
      ["remove one member", { op: "remove", path: `members[value eq "${localId}"]` }],
    ] as const) {
      const before = target.requests.length;
      const started = performance.now();
      const patched = await call(a.baseUrl, "PATCH", `/scim2/Groups/${seeded.groupId}`, { schemas: [PATCH_SCHEMA], Operations: [op] });
      if (patched.status >= 300) throw new Error(`${change} at A answered ${patched.status}: ${patched.body.slice(0, 200)}`);
      const wanted = change.startsWith("add");
      await until(change, () => (target.groups.get(remoteGroupId)!.members.some((m: { value: string }) => m.value === remote.id) === wanted ? true : undefined));
      const ms = performance.now() - started;
      const sent = target.requests.slice(before);
      rows.push({ change, requests: sent.length, bytes: sent.reduce((n, r) => n + r.bytes, 0), answerMs: patched.ms, ms });
      log(`${change}: ${sent.map((r) => `${r.method} ${r.path} ${r.bytes} B`).join("; ")}`);
    }
    const wholeGroup = Buffer.byteLength(JSON.stringify(target.groups.get(remoteGroupId)));

    console.log(`\n| Change to the ${MEMBERS.toLocaleString("en")}-member group | Requests to the target | Request bytes | A answers the PATCH | Until the target holds it |`);
    console.log("| --- | --- | --- | --- | --- |");
    for (const r of rows) console.log(`| ${r.change} | ${r.requests} | ${r.bytes} | ${r.answerMs.toFixed(0)} ms | ${r.ms.toFixed(0)} ms |`);
    console.log(`\nThe same group sent whole (PUT) would be ${wholeGroup.toLocaleString("en")} bytes.`);
  } finally {
    await a?.stop();
    await target.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
