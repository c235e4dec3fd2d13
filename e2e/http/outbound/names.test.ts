import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimAsAdmin as scim, userAt } from "../../support/scim-client";
import { eventually } from "../../support/eventually";
import { stopAndRemove, type ProvisioInstance } from "../../support/provisio";
import { connectorConfigFor, pastSettingsCache, provisionTo, SHORT_SETTINGS_CACHE, startPair, withSql } from "../../support/outbound-setup";
import { saveConnector } from "../../../lib/provisioning/connections";

const actor = { name: "test-setup", channel: "api" as const };

/** Sets the user store domain A's connector sends names in, as an administrator would in its settings. */
async function sendInDomain(a: ProvisioInstance, b: ProvisioInstance, connectionId: string, userStoreDomain: string) {
  await withSql(a, (sql) => saveConnector(sql, connectionId, { type: "scim2", config: { ...connectorConfigFor(b), userStoreDomain } }, actor));
}

describe("user and group names at the target", () => {
  let a: ProvisioInstance;
  let b: ProvisioInstance;
  beforeAll(async () => {
    [a, b] = await startPair({ env: SHORT_SETTINGS_CACHE });
  });
  afterAll(() => stopAndRemove(a, b));

  it("sends a 250-character PRIMARY name as it is, and logs the target's own words when it refuses one", async () => {
    // one connector sends in PRIMARY (as WSO2 administrators often configure), one in a domain B does not have
    const primary = await provisionTo(a, b, { name: "to-b-primary" });
    await sendInDomain(a, b, primary.connectionId, "PRIMARY");
    const other = await provisionTo(a, b, { name: "to-b-nosuch" });
    await sendInDomain(a, b, other.connectionId, "NOSUCH");
    // the configuration was written behind A's back (as another instance would): A picks it up within its cache period
    await pastSettingsCache();

    const userName = `long-${"n".repeat(245)}`;
    expect(userName).toHaveLength(250);
    const created = await scim(a.baseUrl, "POST", "/Users", { schemas: [], userName });
    expect(created.status, created.text).toBe(201);
    const group = await scim(a.baseUrl, "POST", "/Groups", { schemas: [], displayName: "primary-group", members: [{ value: created.body.id }] });
    expect(group.status, group.text).toBe(201);

    const atB = await eventually(() => userAt(b, userName), "the user at B");
    expect(atB.userName).toBe(userName);
    const groupAtB = await eventually(async () => (await scim(b.baseUrl, "GET", `/Groups?filter=${encodeURIComponent('displayName eq "primary-group"')}`)).body.Resources?.[0], "the group at B");
    expect(groupAtB.displayName).toBe("primary-group");

    await withSql(a, async (sql) => {
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
    });
  });
});
