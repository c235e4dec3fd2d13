import type { SqlExecutor } from "@/lib/db/sql";
import { IdentityError } from "@/lib/identity/errors";
import { getConnection, loadConnections, type ConnectorView } from "@/lib/provisioning/connections";
import { connectorTypes } from "@/lib/provisioning/connectors/registry";
import { connectorTypeSchema } from "@/lib/admin-api/schemas/identity-providers";
import { federatedSignInIds, readFederation } from "@/lib/federation/connection-federation";
import { federationDetail } from "@/lib/admin-api/federation";

export function knownConnectorType(type: string): string {
  if (!connectorTypeSchema.safeParse(type).success) throw IdentityError.invalid(`Unknown connector type "${type}"; known types: ${Object.keys(connectorTypes).join(", ")}`, "type");
  return type;
}

/** Connectors are addressed by their connection and type: a connection has at most one of each type. */
export async function connectorOf(exec: SqlExecutor, connectionId: string, type: string): Promise<ConnectorView> {
  const connector = (await getConnection(exec, connectionId)).connectors.find((c) => c.type === type);
  if (!connector) throw IdentityError.notFound(`Connector "${type}" of this connection`);
  return connector;
}

/** Every connection, by name, each saying whether users can sign in through it. */
export async function connectionList(exec: SqlExecutor) {
  const [connections, federated] = await Promise.all([loadConnections(exec), federatedSignInIds(exec)]);
  return connections.map((c) => ({ ...c, federatedSignIn: federated.has(c.id) }));
}

/** A connection with its federation settings, in WSO2's identity-provider shape. */
export async function connectionDetail(exec: SqlExecutor, id: string, baseUrl: string) {
  const [connection, federation] = await Promise.all([getConnection(exec, id), readFederation(exec, id)]);
  return { ...connection, federatedSignIn: !!federation.settings.oidc?.enabled, ...federationDetail(federation, baseUrl) };
}

/** A body that may be left empty: empty reads as {}. */
export async function optionalJsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  return text.trim() ? JSON.parse(text) : {};
}
