import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_API_OPERATIONS } from "../../lib/admin-api/operations";
import { ConsoleClient } from "../support/console-client";
import { startProvisio, removeDataDir, type ProvisioInstance } from "../support/provisio";

// The page renders the served document on the server; the database plays no part, so one dialect is enough.
describe("admin API reference page", () => {
  let server: ProvisioInstance;
  let admin: ConsoleClient;

  beforeAll(async () => {
    server = await startProvisio();
    admin = new ConsoleClient(server.baseUrl);
    expect(await admin.signIn("admin", "admin")).toBeUndefined();
  });
  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it("lists every operation with its permission, and the schemas they refer to", async () => {
    const res = await admin.fetch("/api-reference");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Admin API reference");
    for (const op of ADMIN_API_OPERATIONS) expect(html, op.operationId).toContain(`id="${op.operationId}"`);
    expect(html).toContain("internal_application_mgt_update");
    for (const schema of ["ApplicationInput", "ApplicationWithSecret", "Connection", "ProvisioningAttempt", "Error"]) expect(html, schema).toContain(`id="schema-${schema}"`);
  });

  it("is for signed-in administrators, like the rest of the console", async () => {
    const res = await fetch(`${server.baseUrl}/api-reference`, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
  });
});
