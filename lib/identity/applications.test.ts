import { afterAll, beforeAll, expect, it } from "vitest";
import type { Sql } from "../db/sql";
import { testDatabase } from "../../test/support/test-database";
import { endpointsAt, scim2Connection, testActor as actor } from "../../test/support/test-connectors";
import { addProvisioner, listProvisioners } from "../provisioning/provisioners";
import { createApplication, deleteApplication } from "./applications";

let sql: Sql;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ sql, cleanup } = await testDatabase());
});
afterAll(() => cleanup());

it("deletes an application's outbound provisioners with it, and leaves the other applications' alone", async () => {
  const { connectorId } = await scim2Connection(sql, "Partner IS", endpointsAt("http://127.0.0.1:9/scim2"));
  const { application } = await createApplication(sql, { name: "HR portal", kind: "m2m", grantTypes: ["client_credentials"], scopes: [] }, actor);
  const { application: other } = await createApplication(sql, { name: "Payroll", kind: "m2m", grantTypes: ["client_credentials"], scopes: [] }, actor);
  await addProvisioner(sql, application.id, { connectorId }, actor);
  await addProvisioner(sql, other.id, { connectorId }, actor);
  expect(await listProvisioners(sql, application.id)).toHaveLength(1);

  await deleteApplication(sql, application.id, actor);

  expect(await listProvisioners(sql, application.id)).toEqual([]);
  expect(await sql.get(`SELECT 1 AS "x" FROM "OutboundProvisioner" WHERE "serviceProviderId" = ?`, [application.id])).toBeUndefined();
  expect(await listProvisioners(sql, other.id)).toHaveLength(1);
});
