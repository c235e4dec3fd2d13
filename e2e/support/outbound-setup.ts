// Configures outbound provisioning on a started instance (A) towards another (B), writing A's configuration
// through the same store functions the admin API and the console use.
import { createSql } from "../../lib/db/sql";
import { createConnection, saveConnector, setProvisioningRoles } from "../../lib/provisioning/connections";
import { addProvisioner } from "../../lib/provisioning/provisioners";
import { putSetting } from "../../lib/identity/settings";
import type { InstanceWithDatabase } from "./outbound-types";

// the instances' secret (e2e/support/provisio.ts): connector secrets written here must decrypt there
process.env.PROVISIO_SECRET ??= "test-secret-test-secret-test-secret-0123";

const actor = { name: "test-setup", channel: "api" as const };

export async function provisionTo(
  a: InstanceWithDatabase,
  b: { baseUrl: string },
  options: { type?: "scim2" | "scim11"; serviceProviderId?: string; blocking?: boolean; roleIds?: string[]; name?: string; passwordProvisioning?: boolean } = {},
) {
  const sql = createSql(a.databaseUrl);
  try {
    const type = options.type ?? "scim2";
    const base = type === "scim2" ? `${b.baseUrl}/scim2` : `${b.baseUrl}/wso2/scim`;
    const connection = await createConnection(sql, { name: options.name ?? `to-${b.baseUrl}-${type}-${Math.random().toString(36).slice(2, 6)}` }, actor);
    const connector = await saveConnector(
      sql,
      connection.id,
      {
        type,
        config: {
          userEndpoint: `${base}/Users`,
          groupEndpoint: `${base}/Groups`,
          authType: "basic",
          username: "admin",
          password: "admin",
          passwordProvisioning: options.passwordProvisioning ?? false,
          timeoutMs: 3000,
        },
      },
      actor,
    );
    if (options.roleIds) await setProvisioningRoles(sql, connection.id, options.roleIds, actor);
    await addProvisioner(sql, options.serviceProviderId ?? "resident", { connectorId: connector.id, blocking: options.blocking ?? false }, actor);
    return { connectionId: connection.id, connectorId: connector.id };
  } finally {
    await sql.close();
  }
}

/** Fast retries, so tests about a target coming back do not wait minutes. */
export async function fastRetries(a: InstanceWithDatabase, maxAttempts = 50) {
  const sql = createSql(a.databaseUrl);
  try {
    await putSetting(sql, "outboundRetry", { maxAttempts, baseDelayMs: 200, maxDelayMs: 1000 });
  } finally {
    await sql.close();
  }
}
