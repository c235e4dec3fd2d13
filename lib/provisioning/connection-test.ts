import type { Sql } from "../db/sql.ts";
import { IdentityError } from "../identity/errors.ts";
import { connectorDefinition } from "./connectors/registry.ts";
import type { ConnectionTestResult } from "./connectors/types.ts";
import { connectorSettings, getConnection, recordConnectionTest, withStoredSecrets } from "./connections.ts";

export interface ConnectorTestOutcome extends ConnectionTestResult {
  type: string;
  /** the saved connector tested; null for settings posted from a form and not saved yet */
  connectorId: string | null;
  /** the result was kept with the connector (saved settings only) */
  stored: boolean;
}

async function run(type: string, config: Record<string, unknown>): Promise<ConnectionTestResult> {
  const definition = connectorDefinition(type);
  const connector = definition.create(definition.configSchema.parse(config));
  if (!connector.testConnection) {
    return { ok: false, message: `The ${definition.label} connector has no connection test; its changes show in the provisioning log.`, testedAt: new Date().toISOString(), capabilities: [] };
  }
  return connector.testConnection();
}

/**
 * Tests a connection's connectors against their targets: the saved ones (all, or the one of `type`), whose
 * results are kept with them and steer how they send; or, with `config`, settings posted from a form, where
 * secrets left empty fall back to the saved ones and nothing is kept.
 */
export async function testConnectors(sql: Sql, connectionId: string, request: { type?: string | undefined; config?: Record<string, unknown> | undefined }): Promise<ConnectorTestOutcome[]> {
  const connection = await getConnection(sql, connectionId);
  if (request.config) {
    if (!request.type) throw IdentityError.invalid("type is required with config: it names the kind of connector the settings are for", "type");
    const config = await withStoredSecrets(sql, connectionId, request.type, request.config);
    return [{ ...(await run(request.type, config)), type: request.type, connectorId: null, stored: false }];
  }
  const connectors = connection.connectors.filter((c) => !request.type || c.type === request.type);
  if (!connectors.length) throw IdentityError.notFound(request.type ? `Connector "${request.type}" of this connection` : "Outbound connector of this connection");
  const outcomes: ConnectorTestOutcome[] = [];
  for (const connector of connectors) {
    const settings = await connectorSettings(sql, connector.id);
    if (!settings) continue;
    const result = await run(connector.type, settings.config);
    // a type without a test found nothing to keep
    const stored = result.capabilities.length > 0;
    if (stored) await recordConnectionTest(sql, connector.id, result);
    outcomes.push({ ...result, type: connector.type, connectorId: connector.id, stored });
  }
  return outcomes;
}
