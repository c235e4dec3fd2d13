// Configures outbound provisioning on a started instance (A) towards another (B), writing A's configuration
// through the same store functions the admin API and the console use; starts such a pair of instances.
import { createSql, type Sql } from "../../lib/db/sql";
import { createConnection, saveConnector, setProvisioningRoles } from "../../lib/provisioning/connections";
import { addProvisioner } from "../../lib/provisioning/provisioners";
import { putSetting } from "../../lib/identity/settings";
import type { InstanceWithDatabase } from "./outbound-types";
import { startProvisio, type ProvisioInstance } from "./provisio";

// the instances' secret (e2e/support/provisio.ts): connector secrets written here must decrypt there
process.env.PROVISIO_SECRET ??= "test-secret-test-secret-test-secret-0123";

const actor = { name: "test-setup", channel: "api" as const };

/** Runs `use` with a connection to the instance's database, closed after it. */
export async function withSql<T>(instance: InstanceWithDatabase, use: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = createSql(instance.databaseUrl);
  try {
    return await use(sql);
  } finally {
    await sql.close();
  }
}

/**
 * For servers whose configuration a test writes behind their back, as another instance sharing the database would:
 * they reuse what they read of the outbound provisioners and inbound settings for this long instead of seconds, and
 * `pastSettingsCache` waits until they read them again.
 */
export const SHORT_SETTINGS_CACHE = { PROVISIO_SETTINGS_CACHE_MS: "200" };
export const pastSettingsCache = () => new Promise((resolve) => setTimeout(resolve, 500));

export type ConnectorKind = "scim2" | "scim11" | "soap";

/** A connector's settings for B's SCIM 2.0, SCIM 1.1 or SOAP user admin endpoints, as B's administrator with HTTP Basic. */
export function connectorConfigFor(b: { baseUrl: string }, type: ConnectorKind = "scim2"): Record<string, unknown> {
  if (type === "soap") return { serviceUrl: `${b.baseUrl}/services/RemoteUserStoreManagerService`, username: "admin", password: "admin", timeoutMs: 3000 };
  const base = type === "scim2" ? `${b.baseUrl}/scim2` : `${b.baseUrl}/wso2/scim`;
  return { userEndpoint: `${base}/Users`, groupEndpoint: `${base}/Groups`, authType: "basic", username: "admin", password: "admin", timeoutMs: 3000 };
}

export async function provisionTo(
  a: InstanceWithDatabase,
  b: { baseUrl: string },
  options: {
    type?: ConnectorKind;
    serviceProviderId?: string;
    blocking?: boolean;
    roleIds?: string[];
    name?: string;
    passwordProvisioning?: boolean;
    /** settings over those connectorConfigFor gives */
    config?: Record<string, unknown>;
  } = {},
) {
  return withSql(a, async (sql) => {
    const type = options.type ?? "scim2";
    const connection = await createConnection(sql, { name: options.name ?? `to-${b.baseUrl}-${type}-${Math.random().toString(36).slice(2, 6)}` }, actor);
    const config = { ...connectorConfigFor(b, type), passwordProvisioning: options.passwordProvisioning ?? false, ...options.config };
    const connector = await saveConnector(sql, connection.id, { type, config }, actor);
    if (options.roleIds) await setProvisioningRoles(sql, connection.id, options.roleIds, actor);
    await addProvisioner(sql, options.serviceProviderId ?? "resident", { connectorId: connector.id, blocking: options.blocking ?? false }, actor);
    return { connectionId: connection.id, connectorId: connector.id };
  });
}

/** Fast retries, so tests about a target coming back do not wait minutes. */
export async function fastRetries(a: InstanceWithDatabase, maxAttempts = 50) {
  await withSql(a, (sql) => putSetting(sql, "outboundRetry", { maxAttempts, baseDelayMs: 200, maxDelayMs: 1000 }));
}

export interface PairOptions {
  /** the database URL of each instance; by default each creates its own SQLite file */
  databaseUrl?: () => Promise<string | undefined>;
  /** A retries fast (fastRetries), with at most this many attempts */
  fastRetries?: number;
  /** A provisions every change to B (provisionTo with its defaults), once the retries are set */
  provision?: boolean;
  /** the environment of both instances, over the defaults (e.g. SHORT_SETTINGS_CACHE) */
  env?: Record<string, string>;
}

/** Starts instance A and instance B side by side, each with its own database, then sets A up as asked. */
export async function startPair(options: PairOptions = {}): Promise<[ProvisioInstance, ProvisioInstance]> {
  const databaseUrl = options.databaseUrl ?? (async () => undefined);
  const [a, b] = await Promise.all([startProvisio({ databaseUrl: await databaseUrl(), env: options.env }), startProvisio({ databaseUrl: await databaseUrl(), env: options.env })]);
  if (options.fastRetries !== undefined) await fastRetries(a, options.fastRetries);
  if (options.provision) await provisionTo(a, b);
  return [a, b];
}
