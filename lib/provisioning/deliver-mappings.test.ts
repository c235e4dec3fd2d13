import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { createUser } from "../identity/users/create-user";
import type { FakeScimServer } from "../../test/support/fake-scim-server";
import { clearOutbox, databaseAndTarget } from "../../test/support/outbox-fixtures";
import { endpointsAt, scim2Connection, testActor as actor } from "../../test/support/test-connectors";
import { claimEvents } from "./outbox/events";
import { findMapping } from "./outbox/remote-mappings";
import { deliverEvent } from "./deliver";
import { syncConnector } from "./sync";

// A delivery's remote id is written with its outcome: these say what the mapping holds after each kind of end.

let sql: Sql;
let close: () => Promise<void>;
let fake: FakeScimServer;
let connectorId: string;

beforeAll(async () => {
  ({ sql, fake, close } = await databaseAndTarget());
  ({ connectorId } = await scim2Connection(sql, "Partner", endpointsAt(fake.origin + "/scim2"), { timeoutMs: 2_000 }));
});
afterAll(() => close());
beforeEach(() => clearOutbox(sql));

/** Queues the user's create for the partner and delivers it, as one worker lane would. */
async function deliverCreate(userName: string) {
  const user = await createUser(sql, { userName }, { actor });
  await syncConnector(sql, connectorId, { dryRun: false });
  const claimed = await claimEvents(sql, "test", 50);
  const row = claimed.find((r) => r.entityId === user.id)!;
  for (const other of claimed.filter((r) => r !== row)) await deliverEvent(sql, other);
  const result = await deliverEvent(sql, row);
  const mapping = await findMapping(sql, { connectorId, entityType: "User", entityId: user.id });
  const attempt = await sql.get<{ status: string; operation: string }>(`SELECT "status", "operation" FROM "ProvisioningAttempt" WHERE "entityId" = ? ORDER BY "id" DESC`, [user.id]);
  return { result, mapping, attempt };
}

describe("the remote id a delivery learns", () => {
  it("is kept with what was sent when the create succeeds", async () => {
    const { result, mapping, attempt } = await deliverCreate("created");
    expect(result.ok).toBe(true);
    expect(attempt).toEqual({ status: "success", operation: "create" });
    const remote = [...fake.users.values()].find((u) => u.userName === "created");
    expect(mapping?.remoteId).toBe(remote?.id);
    expect(mapping?.lastSent).toMatchObject({ userName: "created" });
  });

  it("is kept when the target already had the user and refuses the update that follows the link", async () => {
    fake.users.set("remote-linked", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "remote-linked", userName: "linked", meta: { resourceType: "User" } });
    fake.intercept((req, res) => {
      if ((req.method !== "PATCH" && req.method !== "PUT") || !req.path.includes("remote-linked")) return false;
      res.writeHead(400, { "content-type": "application/scim+json" });
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail: "title is read-only here" }));
      return true;
    }, false);
    const { result, mapping, attempt } = await deliverCreate("linked");
    expect(result.ok).toBe(false);
    expect(attempt?.status).toBe("dead");
    // the link stands: the next change updates remote-linked instead of creating again
    expect(mapping).toEqual({ remoteId: "remote-linked" });
  });
});
