import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteConnector, getConnection, saveConnector, setConnectorEnabled } from "@/lib/provisioning/connections";
import { connectorInput, connectorToggle } from "@/lib/admin-api/schemas/identity-providers";
import { connectorOf, knownConnectorType } from "../../../connection-api";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => connectorOf(provisio().sql, params.id, params.type));

/** Adds or replaces the connector; secret settings left out or empty keep their stored values. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const type = knownConnectorType(params.type);
  const body = connectorInput.parse(await req.json());
  const existed = (await getConnection(provisio().sql, params.id)).connectors.some((c) => c.type === type);
  const connector = await saveConnector(provisio().sql, params.id, { type, enabled: body.enabled, config: body.config }, actor);
  return Response.json(connector, { status: existed ? 200 : 201 });
});

export const PATCH = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const { enabled } = connectorToggle.parse(await req.json());
  const connector = await connectorOf(provisio().sql, params.id, params.type);
  await setConnectorEnabled(provisio().sql, connector.id, enabled, actor);
  return connectorOf(provisio().sql, params.id, params.type);
});

export const DELETE = adminRoute("internal_idp_update", async (_req, { params, actor }) => {
  const connector = await connectorOf(provisio().sql, params.id, params.type);
  await deleteConnector(provisio().sql, connector.id, actor);
  return new Response(null, { status: 204 });
});
