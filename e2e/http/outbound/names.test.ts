import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimClient, type RequestBody } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../../support/provisio";
import { provisionTo } from "../../support/outbound-setup";
import { createSql } from "../../../lib/db/sql";
import { saveConnector } from "../../../lib/provisioning/connections";

const scim = (base: string, method: string, path: string, body?: RequestBody) => new ScimClient(base).scim(method, path, body);
const actor = { name: "test-setup", channel: "api" as const };

/** Sets the user store domain A's connector sends names in, as an administrator would in its settings. */
async function sendInDomain(a: ProvisioInstance, b: ProvisioInstance, connectionId: string, userStoreDomain: string) {
  const sql = createSql(a.databaseUrl);
  try {
    const base = `${b.baseUrl}/scim2`;
    await saveConnector(
      sql,
      connectionId,
      { type: "scim2", config: { userEndpoint: `${base}/Users`, groupEndpoint: `${base}/Groups`, authType: "basic", username: "admin", password: "admin", timeoutMs: 3000, userStoreDomain } },
      actor,
    );
  } finally {
    await sql.close();
  }
}

describe("user and group names at the target", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await Promise.all([startProvisio(), startProvisio()]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    removeDataDir(a.dataDir);
    removeDataDir(b.dataDir);
  });

  it("sends a 250-character PRIMARY name as it is, and logs the target's own words when it refuses one", async () => {
    // one connector sends in PRIMARY (as WSO2 administrators often configure), one in a domain B does not have
    const primary = await provisionTo(a, b, { name: "to-b-primary" });
    await sendInDomain(a, b, primary.connectionId, "PRIMARY");
    const other = await provisionTo(a, b, { name: "to-b-nosuch" });
    await sendInDomain(a, b, other.connectionId, "NOSUCH");
    // the configuration was written behind A's back (as another instance would): A picks it up within its cache period
    await new Promise((r) => setTimeout(r, 5500));

    const userName = `long-${"n".repeat(245)}`;
    expect(userName).toHaveLength(250);
    const created = await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName });
    expect(created.status, created.text).toBe(201);
    const group = await scim(a.baseUrl, "POST", "/Groups", { schemas: [], displayName: "primary-group", members: [{ value: created.body.id }] });
    expect(group.status, group.text).toBe(201);

    const atB = await eventually(async () => (await scim(b.baseUrl, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body.Resources?.[0], "the user at B");
    expect(atB.userName).toBe(userName);
    const groupAtB = await eventually(async () => (await scim(b.baseUrl, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "primary-group"')}`)).body.Resources?.[0], "the group at B");
    expect(groupAtB.displayName).toBe("primary-group");

    const sql = createSql(a.databaseUrl);
    try {
      const refused = await eventually(
        () =>
          sql.get<{ status: string; httpStatus: number; error: string; response: string }>(
            `SELECT "status", "httpStatus", "error", "response" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "entityId" = ? AND "status" = 'dead'`,
            [other.connectorId, created.body.id],
          ),
        "B's refusal in A's provisioning log",
      );
      expect(refused.httpStatus).toBe(400);
      // the log quotes B's SCIM error detail verbatim, after "target refused"
      const detail = JSON.parse(refused.response.slice(refused.response.indexOf("\n") + 1)).detail as string;
      expect(detail.length).toBeGreaterThan(0);
      expect(refused.error).toMatch(/HTTP 400 Bad Request; target refused/);
      expect(refused.error).toContain(detail);
      const ok = await sql.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProvisioningAttempt" WHERE "connectorId" = ? AND "status" <> 'success'`, [primary.connectorId]);
      expect(Number(ok?.n)).toBe(0);
    } finally {
      await sql.close();
    }
  });
});
