import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimAsAdmin as scim, userAt as remoteUser } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { restartProvisio, startProvisio, stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { ConsoleClient } from "../../support/console-client";
import { provisionTo, startPair, withSql } from "../../support/outbound-setup";
import { DIALECTS, databaseFor } from "../databases";

const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ value: `${userName}@example.com`, type: "work", primary: true }],
  ...extra,
});

describe.each(DIALECTS)("A provisions to B through SCIM 2.0 (%s)", (dialect) => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;

  beforeAll(async () => {
    [a, b] = await startPair({ databaseUrl: () => databaseFor(dialect), provision: true });
  });
  afterAll(() => stopAndRemove(a, b));

  it("mirrors a user created in A's console, then its update and deletion", async () => {
    const console = new ConsoleClient(a.baseUrl);
    expect(await console.signIn("admin", "admin")).toBeUndefined();
    const created = await (
      await console.fetch("/api/server/v1/users", { method: "POST", json: { domain: "PRIMARY", userName: "console.ada", givenName: "Ada", familyName: "Lovelace", email: "ada@example.com" } })
    ).json();
    const atB = await eventually(() => remoteUser(b, "console.ada"), "user at B");
    expect(atB).toMatchObject({ userName: "console.ada", name: { givenName: "Ada", familyName: "Lovelace" }, emails: [{ value: "ada@example.com" }] });

    await console.fetch(`/api/server/v1/users/${created.id}`, {
      method: "PUT",
      json: { domain: "PRIMARY", userName: "console.ada", givenName: "Augusta", familyName: "Lovelace", email: "ada@example.com" },
    });
    await eventually(async () => ((await remoteUser(b, "console.ada"))?.name?.givenName === "Augusta" ? true : undefined), "update at B");

    await console.fetch(`/api/server/v1/users/${created.id}`, { method: "DELETE" });
    await eventually(async () => ((await remoteUser(b, "console.ada")) ? undefined : true), "deletion at B");
  });

  it("mirrors SCIM writes at A, groups with members and membership changes", async () => {
    const u1 = (await scim(a.baseUrl, "POST", "/Users", userBody("scim.one"))).body;
    const u2 = (await scim(a.baseUrl, "POST", "/Users", userBody("scim.two"))).body;
    const group = (await scim(a.baseUrl, "POST", "/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Mirrored", members: [{ value: u1.id }] })).body;
    const remoteGroup = async () => (await scim(b.baseUrl, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "Mirrored"')}`)).body.Resources?.[0];
    const g1 = await eventually(async () => ((await remoteGroup())?.members?.length === 1 ? remoteGroup() : undefined), "group at B");
    expect(g1.members[0].display).toBe("scim.one");

    await scim(a.baseUrl, "PATCH", `/Groups/${group.id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "add", path: "members", value: [{ value: u2.id }] },
        { op: "remove", path: `members[value eq "${u1.id}"]` },
      ],
    });
    const g2 = await eventually(async () => {
      const g = await remoteGroup();
      return g?.members?.length === 1 && g.members[0].display === "scim.two" ? g : undefined;
    }, "membership change at B");
    expect(g2.displayName).toBe("Mirrored");

    await scim(a.baseUrl, "DELETE", `/Groups/${group.id}`);
    await eventually(async () => ((await remoteGroup()) ? undefined : true), "group deletion at B");
  });
});

describe("outbound delivery guarantees (SQLite)", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;

  beforeAll(async () => {
    [a, b] = await startPair({ fastRetries: 50, provision: true });
  });
  afterAll(() => stopAndRemove(a, b));

  it("queues while B is down, shows retries, and delivers everything in order when B is back", async () => {
    await b.stop();
    const user = (await scim(a.baseUrl, "POST", "/Users", userBody("while.down"))).body;
    await scim(a.baseUrl, "PATCH", `/Users/${user.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "second" }] });
    await scim(a.baseUrl, "PATCH", `/Users/${user.id}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: "third" }] });
    await withSql(a, async (sql) => {
      await eventually(async () => {
        const row = await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "entityId" = ? AND "status" = 'retrying'`, [user.id]);
        return Number(row?.n) > 0 ? true : undefined;
      }, "a retrying attempt");
      const error = await sql.get<{ error: string }>(`SELECT "error" FROM "ProvisioningAttempt" WHERE "entityId" = ? AND "status" = 'retrying'`, [user.id]);
      expect(error?.error).toMatch(/refused|connect/i);
    });
    b = await restartProvisio(b);
    const remote = await eventually(async () => {
      const r = await remoteUser(b, "while.down");
      return r?.title === "third" ? r : undefined;
    }, "all three changes at B in order");
    expect(remote.title).toBe("third");
  });

  it("reports a blocking target's failure to the SCIM caller and keeps the change queued", async () => {
    const blocked = await startProvisio();
    try {
      const down = { baseUrl: "http://127.0.0.1:9" };
      await provisionTo(blocked, down, { blocking: true });
      const res = await scim(blocked.baseUrl, "POST", "/Users", userBody("blocking.user"));
      expect(res.status).toBe(502);
      expect(res.body.detail).toMatch(/saved here, but outbound provisioning failed/);
      expect((await scim(blocked.baseUrl, "GET", `/Users?filter=${encodeURIComponent('userName eq "blocking.user"')}`)).body.totalResults).toBe(1);
    } finally {
      await stopAndRemove(blocked);
    }
  });
});
