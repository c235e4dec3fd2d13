import type { Sql } from "../../lib/db/sql.ts";
import type { Actor } from "../../lib/identity/audit.ts";
import { createConnection, saveConnector } from "../../lib/provisioning/connections.ts";

// Test support for the provisioning tests. Connector secrets are encrypted with the server secret; a fixed one
// keeps the data folder out of it.
process.env.PROVISIO_SECRET ??= "unit-test-secret-unit-test-secret-0123";

export const testActor: Actor = { name: "tester", channel: "console" };

/** The Basic credentials the tests' fake SCIM servers expect and their connectors send. */
export const FAKE_BASIC = { username: "svc", password: "s3cret" };

export interface ScimEndpoints {
  userEndpoint: string;
  groupEndpoint: string;
}

/** The Users and Groups endpoints under a SCIM base URL. */
export const endpointsAt = (base: string): ScimEndpoints => ({ userEndpoint: `${base}/Users`, groupEndpoint: `${base}/Groups` });

/** A new connection with a SCIM 2.0 connector (HTTP Basic with FAKE_BASIC) to the given endpoints. */
export async function scim2Connection(sql: Sql, name: string, target: ScimEndpoints, options: { timeoutMs?: number } = {}): Promise<{ connectionId: string; connectorId: string }> {
  const connection = await createConnection(sql, { name }, testActor);
  const config = { userEndpoint: target.userEndpoint, groupEndpoint: target.groupEndpoint, authType: "basic", ...FAKE_BASIC, ...options };
  const connector = await saveConnector(sql, connection.id, { type: "scim2", config }, testActor);
  return { connectionId: connection.id, connectorId: connector.id };
}
