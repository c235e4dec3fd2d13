import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { createUser } from "../identity/users/create-user";
import { createGroup } from "../identity/groups/create-group";
import { createRole } from "../identity/roles/roles";
import { newId } from "../identity/ids";
import { setConnectorEnabled, setProvisioningRoles } from "./connections";
import { syncConnector } from "./sync";
import { listAttempts, queueSummary, retryEvents, userProvisioningStatus } from "./log";
import { endpointsAt, scim2Connection, testActor as actor } from "../../test/support/test-connectors";
import { clearOutbox } from "../../test/support/outbox-fixtures";

let sql: Sql;
let cleanup: () => Promise<void>;
let connectorId: string;
let connectionId: string;
const users: Record<string, string> = {};
let groupId: string;

interface EventRow {
  seq: number;
  entityType: string;
  entityId: string;
  operation: string;
  payload: string;
  status: string;
  attempts: number;
}

const events = () => sql.all<EventRow>(`SELECT * FROM "OutboxEvent" WHERE "connectorId" = ? ORDER BY "seq"`, [connectorId]);
const map = (entityType: string, entityId: string, remoteId: string) =>
  sql.run(`INSERT INTO "RemoteMapping" ("connectorId", "entityType", "entityId", "remoteId", "updatedAt") VALUES (?, ?, ?, ?, ?)`, [connectorId, entityType, entityId, remoteId, new Date()]);

beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
  // nothing listens there: these tests queue and count, they never deliver
  ({ connectionId, connectorId } = await scim2Connection(sql, "Partner IS", endpointsAt("http://127.0.0.1:9/scim2")));
  for (const name of ["ann", "bob", "cid"]) users[name] = (await createUser(sql, { userName: name, emails: [{ value: `${name}@example.com`, primary: true }] }, { actor })).id;
  groupId = (await createGroup(sql, { displayName: "engineers", memberIds: [users.ann, users.bob] }, { actor })).id;
});
afterAll(() => cleanup());
beforeEach(async () => {
  await clearOutbox(sql);
  await setProvisioningRoles(sql, connectionId, [], actor);
});

async function userCount() {
  return Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "User"`))!.n);
}

describe("syncConnector", () => {
  it("counts creates for everything never provisioned and updates for what has a remote id, without writing on a dry run", async () => {
    await map("User", users.ann, "remote-ann");
    await map("Group", groupId, "remote-group");
    await map("User", "deleted-user-id", "remote-gone");
    const all = await userCount();
    const result = await syncConnector(sql, connectorId, { dryRun: true });
    // the seeded admin is a user too
    expect(result).toMatchObject({ create: all - 1, update: 2, delete: 1, total: all + 2, alreadyQueued: 0, failed: 0, dryRun: true });
    expect(await events()).toEqual([]);
  });

  it("queues events with the same payloads as a change would, users before groups", async () => {
    await map("User", users.ann, "remote-ann");
    await map("Group", groupId, "remote-group");
    const result = await syncConnector(sql, connectorId, { dryRun: false, actor });
    const all = await userCount();
    expect(result).toMatchObject({ create: all - 1, update: 2, delete: 0, total: all + 1, failed: 0, dryRun: false });
    const rows = await events();
    expect(rows).toHaveLength(result.total);
    expect(rows.every((r) => r.status === "pending" && r.attempts === 0)).toBe(true);
    const lastUser = Math.max(...rows.filter((r) => r.entityType === "User").map((r) => r.seq));
    const firstGroup = Math.min(...rows.filter((r) => r.entityType === "Group").map((r) => r.seq));
    expect(lastUser).toBeLessThan(firstGroup);

    const ann = rows.find((r) => r.entityId === users.ann)!;
    expect(ann.operation).toBe("update");
    expect(JSON.parse(ann.payload)).toEqual({
      name: "ann",
      user: expect.objectContaining({ id: users.ann, userName: "ann", active: true, emails: [{ value: "ann@example.com", primary: true }] }),
      resend: true,
    });
    expect(JSON.parse(ann.payload).password).toBeUndefined();
    expect(rows.find((r) => r.entityId === users.bob)!.operation).toBe("create");
    expect(JSON.parse(rows.find((r) => r.entityId === users.bob)!.payload).resend).toBeUndefined();
    const group = rows.find((r) => r.entityId === groupId)!;
    expect(group.operation).toBe("update");
    expect(JSON.parse(group.payload)).toMatchObject({ name: "engineers", removeMembers: [] });
    expect(JSON.parse(group.payload).addMembers.sort()).toEqual([users.ann, users.bob].sort());
    expect(await sql.get(`SELECT 1 AS "x" FROM "AuditEvent" WHERE "action" = 'connector.sync' AND "targetId" = ?`, [connectorId])).toBeDefined();
  });

  it("leaves objects that already wait in the queue alone", async () => {
    const first = await syncConnector(sql, connectorId, { dryRun: false });
    const again = await syncConnector(sql, connectorId, { dryRun: false });
    expect(again).toMatchObject({ create: 0, update: 0, delete: 0, total: 0, alreadyQueued: first.total });
    expect(await events()).toHaveLength(first.total);
  });

  it("limits users to the connection's provisioning roles and removes mapped users who lost them", async () => {
    const role = await createRole(sql, { name: `sync-role-${newId()}`, permissions: [], userIds: [users.bob], groupIds: [] }, actor);
    const viaGroup = await createGroup(sql, { displayName: `role-holders-${newId()}`, memberIds: [users.cid] }, { actor });
    await sql.run(`INSERT INTO "RoleGroup" ("roleId", "groupId", "createdAt") VALUES (?, ?, ?)`, [role.id, viaGroup.id, new Date()]);
    await setProvisioningRoles(sql, connectionId, [role.id], actor);
    await map("User", users.ann, "remote-ann");
    await map("User", users.cid, "remote-cid");

    const result = await syncConnector(sql, connectorId, { dryRun: false });
    const rows = await events();
    const userOps = Object.fromEntries(rows.filter((r) => r.entityType === "User").map((r) => [r.entityId, r.operation]));
    expect(userOps).toEqual({ [users.bob]: "create", [users.cid]: "update", [users.ann]: "delete" });
    // the user's state goes with the removal, for a connection that keeps users leaving its scope deactivated
    expect(JSON.parse(rows.find((r) => r.entityId === users.ann)!.payload)).toMatchObject({ name: "ann", reason: "no longer eligible", user: { userName: "ann", active: true } });
    const groups = Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Group"`))!.n);
    expect(result).toMatchObject({ create: 1 + groups, update: 1, delete: 1, total: 3 + groups });
  });

  it("goes on past an object that cannot be read and reports it", async () => {
    const broken = await createUser(sql, { userName: `broken-${newId()}` }, { actor });
    await sql.run(`INSERT INTO "UserValue" ("id", "userId", "attribute", "position", "primary", "value", "data") VALUES (?, ?, 'addresses', 0, ?, NULL, ?)`, [newId(), broken.id, false, "{not json"]);
    try {
      const result = await syncConnector(sql, connectorId, { dryRun: false });
      expect(result.failed).toBe(1);
      expect(result.errors).toEqual([{ entityType: "User", entityId: broken.id, error: expect.any(String) }]);
      const rows = await events();
      expect(rows).toHaveLength(result.total);
      expect(rows.map((r) => r.entityId)).toEqual(expect.arrayContaining([users.ann, users.bob, users.cid, groupId]));
      expect(rows.map((r) => r.entityId)).not.toContain(broken.id);
    } finally {
      await sql.run(`DELETE FROM "User" WHERE "id" = ?`, [broken.id]);
    }
  });

  it("refuses to queue for a disabled connector but still answers a dry run", async () => {
    await setConnectorEnabled(sql, connectorId, false, actor);
    try {
      await expect(syncConnector(sql, connectorId, { dryRun: false })).rejects.toMatchObject({ code: "invalid" });
      expect((await syncConnector(sql, connectorId, { dryRun: true })).total).toBeGreaterThan(0);
    } finally {
      await setConnectorEnabled(sql, connectorId, true, actor);
    }
    await expect(syncConnector(sql, "no-such-connector", { dryRun: true })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("provisioning log", () => {
  async function attempt(fields: { entityId: string; entityName: string; status: string; at: Date; eventSeq: number; error?: string; httpStatus?: number }) {
    await sql.run(
      `INSERT INTO "ProvisioningAttempt" ("id", "eventSeq", "connectorId", "connectionName", "connectorType", "entityType", "entityId", "entityName", "operation", "status", "httpStatus", "durationMs", "error", "attempt", "request", "response", "at")
       VALUES (?, ?, ?, 'Partner IS', 'scim2', 'User', ?, ?, 'create', ?, ?, 12, ?, 1, '', '', ?)`,
      [newId(), fields.eventSeq, connectorId, fields.entityId, fields.entityName, fields.status, fields.httpStatus ?? null, fields.error ?? null, fields.at],
    );
  }

  it("lists attempts newest first with filters and paging", async () => {
    const t = Date.now();
    await attempt({ entityId: users.ann, entityName: "ann", status: "retrying", at: new Date(t - 3000), eventSeq: 1, error: "connection refused" });
    await attempt({ entityId: users.ann, entityName: "ann", status: "success", at: new Date(t - 1000), eventSeq: 1, httpStatus: 201 });
    await attempt({ entityId: users.bob, entityName: "bob", status: "dead", at: new Date(t - 2000), eventSeq: 2, error: "400 bad request", httpStatus: 400 });

    const all = await listAttempts(sql, { startIndex: 1, count: 10 });
    expect(all.totalResults).toBe(3);
    expect(all.items.map((a) => a.status)).toEqual(["success", "dead", "retrying"]);
    expect(all.items[0]).toMatchObject({ connectionId, connectionName: "Partner IS", connectorType: "scim2", entityName: "ann", httpStatus: 201, eventStatus: null });
    expect(all.items[0].at).toBeInstanceOf(Date);

    expect((await listAttempts(sql, { entityId: users.ann, startIndex: 1, count: 10 })).totalResults).toBe(2);
    expect((await listAttempts(sql, { status: ["dead", "retrying"], startIndex: 1, count: 10 })).items.map((a) => a.entityName)).toEqual(["bob", "ann"]);
    expect((await listAttempts(sql, { search: "BO", startIndex: 1, count: 10 })).items.map((a) => a.entityName)).toEqual(["bob"]);
    expect((await listAttempts(sql, { connectionId, since: new Date(t - 2500), startIndex: 1, count: 10 })).totalResults).toBe(2);
    const second = await listAttempts(sql, { startIndex: 2, count: 1 });
    expect(second).toMatchObject({ totalResults: 3, startIndex: 2 });
    expect(second.items.map((a) => a.status)).toEqual(["dead"]);
    await expect(listAttempts(sql, { status: "exploded", startIndex: 1, count: 10 })).rejects.toMatchObject({ code: "invalid", field: "status" });
  });

  it("shows a user's status per connector and retries failed events", async () => {
    const now = new Date();
    const insert = (status: string, attempts: number, entityId: string) =>
      sql.get<{ seq: number }>(
        `INSERT INTO "OutboxEvent" ("connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "lastError", "blocking", "createdAt", "updatedAt")
         VALUES (?, 'User', ?, 'update', '{"name":"x"}', ?, ?, ?, 'HTTP 503 from the target', ?, ?, ?) RETURNING "seq"`,
        [connectorId, entityId, status, attempts, new Date(now.getTime() + 3_600_000), false, now, now],
      );
    const dead = (await insert("dead", 10, users.ann))!.seq;
    const retrying = (await insert("pending", 3, users.ann))!.seq;
    await map("User", users.ann, "remote-ann");
    await attempt({ entityId: users.ann, entityName: "ann", status: "retrying", at: now, eventSeq: retrying, error: "HTTP 503 from the target", httpStatus: 503 });

    const status = await userProvisioningStatus(sql, users.ann);
    expect(status).toEqual([
      {
        connectorId,
        connectionId,
        connectionName: "Partner IS",
        connectorType: "scim2",
        remoteId: "remote-ann",
        lastAttempt: { status: "retrying", operation: "create", at: expect.any(Date), httpStatus: 503, error: "HTTP 503 from the target" },
        pending: 1,
        dead: 1,
        lastError: "HTTP 503 from the target",
        openSeqs: [dead, retrying],
        pause: null,
      },
    ]);
    expect(await userProvisioningStatus(sql, users.cid)).toEqual([]);

    const summary = await queueSummary(sql);
    expect(summary.totals).toMatchObject({ pending: 1, retrying: 1, dead: 1 });
    expect(summary.connectors.find((c) => c.connectorId === connectorId)).toMatchObject({ connectionName: "Partner IS", pending: 1, dead: 1 });

    expect(await retryEvents(sql, { seqs: [dead, retrying] })).toBe(2);
    const rows = await events();
    expect(rows.map((r) => [r.seq, r.status, r.attempts])).toEqual([
      [dead, "pending", 0],
      [retrying, "pending", 3],
    ]);
    const due = await sql.all<{ seq: number }>(`SELECT "seq" FROM "OutboxEvent" WHERE "nextAttemptAt" <= ?`, [new Date()]);
    expect(due.map((r) => Number(r.seq)).sort()).toEqual([dead, retrying].sort());
    expect(await retryEvents(sql, { connectorId: "another-connector" })).toBe(0);
  });

  it("does not replay a dead event older than a change the target already received", async () => {
    const now = new Date();
    const insert = (status: string) =>
      sql.get<{ seq: number }>(
        `INSERT INTO "OutboxEvent" ("connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "blocking", "createdAt", "updatedAt")
         VALUES (?, 'User', ?, 'update', '{"name":"bob"}', ?, 1, ?, ?, ?, ?) RETURNING "seq"`,
        [connectorId, users.bob, status, now, false, now, now],
      );
    const stale = (await insert("dead"))!.seq;
    await insert("delivered");
    const otherDead = (await sql.get<{ seq: number }>(
      `INSERT INTO "OutboxEvent" ("connectorId", "entityType", "entityId", "operation", "payload", "status", "attempts", "nextAttemptAt", "blocking", "createdAt", "updatedAt")
       VALUES (?, 'User', ?, 'create', '{"name":"cid"}', 'dead', 10, ?, ?, ?, ?) RETURNING "seq"`,
      [connectorId, users.cid, now, false, now, now],
    ))!.seq;
    expect(await retryEvents(sql, { connectorId })).toBe(1);
    const rows = await events();
    expect(rows.find((r) => r.seq === stale)!.status).toBe("dead");
    expect(rows.find((r) => r.seq === otherDead)!).toMatchObject({ status: "pending", attempts: 0 });
  });
});
