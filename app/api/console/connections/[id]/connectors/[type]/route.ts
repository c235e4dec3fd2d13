import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { deleteConnector, saveConnector, setConnectorEnabled } from "@/lib/provisioning/connections";
import { connectorInput, connectorToggle } from "@/lib/admin-api/schemas/identity-providers";
import { connectorOf, knownConnectorType } from "@/app/api/server/v1/identity-providers/connection-api";

export const PUT = consoleRoute("internal_idp_update", async (req, { params, actor }) => {
  const type = knownConnectorType(params.type);
  const body = connectorInput.parse(await req.json());
  return saveConnector(provisio().sql, params.id, { type, enabled: body.enabled, config: body.config }, actor);
});

export const PATCH = consoleRoute("internal_idp_update", async (req, { params, actor }) => {
  const { enabled } = connectorToggle.parse(await req.json());
  await setConnectorEnabled(provisio().sql, (await connectorOf(provisio().sql, params.id, params.type)).id, enabled, actor);
  return connectorOf(provisio().sql, params.id, params.type);
});

export const DELETE = consoleRoute("internal_idp_update", async (_req, { params, actor }) => {
  await deleteConnector(provisio().sql, (await connectorOf(provisio().sql, params.id, params.type)).id, actor);
  return new Response(null, { status: 204 });
});
