import type { Sql, SqlExecutor } from "../db/sql.ts";
import type { Actor } from "../identity/audit.ts";
import { IdentityError } from "../identity/errors.ts";
import { getConnection, saveConnector, type ConnectorView } from "../provisioning/connections.ts";
import { connectorTypeInfo } from "../provisioning/connectors/type-info.ts";
import { provisionersOfConnector, setConnectorProvisioning } from "../provisioning/provisioners.ts";

/**
 * Outbound connectors in WSO2 IS 7's shape, so administrators' scripts port: a connector is addressed by its
 * type's WSO2 name in base64url without padding (scim2 → c2NpbTI), and its settings are key/value text
 * properties. Provisio's own types map to WSO2's names where WSO2 has one (SCIM 1.1 is WSO2's "scim").
 */
const WSO2_NAMES: Record<string, string> = { scim2: "scim2", scim11: "scim", googleapps: "googleapps", salesforce: "salesforce", spml: "spml", soap: "soap" };

export const connectorIdOf = (type: string): string => Buffer.from(WSO2_NAMES[type] ?? type).toString("base64url");

export function typeOfConnectorId(connectorId: string): string {
  const name = Buffer.from(connectorId, "base64url").toString("utf8");
  const type = Object.entries(WSO2_NAMES).find(([, wso2]) => wso2 === name)?.[0] ?? name;
  if (!connectorTypeInfo().some((t) => t.type === type)) throw IdentityError.notFound(`Outbound connector type "${connectorId}"`);
  return type;
}

export interface Wso2Connector {
  connectorId: string;
  name: string;
  isEnabled: boolean;
  isDefault: boolean;
  blockingEnabled: boolean;
  rulesEnabled: boolean;
  properties: Array<{ key: string; value: string }>;
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

export async function wso2Connector(exec: SqlExecutor, connector: ConnectorView, isDefault: boolean): Promise<Wso2Connector> {
  const provisioners = await provisionersOfConnector(exec, connector.id);
  return {
    connectorId: connectorIdOf(connector.type),
    name: WSO2_NAMES[connector.type] ?? connector.type,
    isEnabled: connector.enabled,
    isDefault,
    blockingEnabled: provisioners.some((p) => p.blocking),
    rulesEnabled: provisioners.some((p) => p.rulesEnabled),
    // secrets are never returned; their keys are listed in the connector's secretsSet on the native path
    properties: Object.entries(connector.config)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([key, value]) => ({ key, value: text(value) })),
  };
}

/** The connection's outbound connectors in WSO2's shape; the first one is the default, as in WSO2's console. */
export async function wso2Connectors(exec: SqlExecutor, connectionId: string): Promise<Wso2Connector[]> {
  const { connectors } = await getConnection(exec, connectionId);
  return Promise.all(connectors.map((c, i) => wso2Connector(exec, c, i === 0)));
}

/** A property's text as the setting's type: booleans and numbers by the JSON Schema of the type's settings. */
function typedValue(type: string, key: string, value: string): unknown {
  const info = connectorTypeInfo().find((t) => t.type === type);
  const property = ((info?.configSchema.properties ?? {}) as Record<string, { type?: string | string[] }>)[key];
  const types = [property?.type].flat();
  if (types.includes("boolean") && (value === "true" || value === "false")) return value === "true";
  if ((types.includes("integer") || types.includes("number")) && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return value;
}

export async function putWso2Connector(
  sql: Sql,
  connectionId: string,
  connectorId: string,
  body: { isEnabled?: boolean; blockingEnabled?: boolean; rulesEnabled?: boolean; properties: Array<{ key: string; value: string }> },
  actor: Actor,
): Promise<{ connector: Wso2Connector; created: boolean }> {
  const type = typeOfConnectorId(connectorId);
  const existed = (await getConnection(sql, connectionId)).connectors.some((c) => c.type === type);
  const config = Object.fromEntries(body.properties.map((p) => [p.key, typedValue(type, p.key, p.value)]));
  const saved = await saveConnector(sql, connectionId, { type, enabled: body.isEnabled, config }, actor);
  await setConnectorProvisioning(sql, saved.id, { blocking: body.blockingEnabled, rulesOff: body.rulesEnabled === false }, actor);
  const all = await wso2Connectors(sql, connectionId);
  return { connector: all.find((c) => c.connectorId === connectorIdOf(type))!, created: !existed };
}

/** WSO2's description of a connector type's properties, derived from the type's settings schema. */
export function wso2TypeMeta(info: { type: string; label: string; secretFields: string[]; configSchema: Record<string, unknown> }) {
  const properties = (info.configSchema.properties ?? {}) as Record<string, { type?: string | string[]; enum?: string[]; default?: unknown; description?: string }>;
  const required = new Set((info.configSchema.required ?? []) as string[]);
  return {
    connectorId: connectorIdOf(info.type),
    name: WSO2_NAMES[info.type] ?? info.type,
    displayName: info.label,
    properties: Object.entries(properties).map(([key, p]) => ({
      key,
      type: [p.type].flat().find((t) => t && t !== "null") ?? "string",
      isMandatory: required.has(key),
      isConfidential: info.secretFields.includes(key),
      defaultValue: p.default === undefined ? "" : text(p.default),
      options: p.enum ?? [],
      description: p.description ?? "",
    })),
  };
}
