import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { IdentityError } from "@/lib/identity/errors";
import { putWso2Connector, typeOfConnectorId, wso2Connectors, connectorIdOf } from "@/lib/admin-api/wso2-connectors";
import { wso2ConnectorInput } from "@/lib/admin-api/schemas/identity-providers";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => {
  const type = typeOfConnectorId(params.connectorId);
  const connector = (await wso2Connectors(provisio().sql, params.id)).find((c) => c.connectorId === connectorIdOf(type));
  if (!connector) throw IdentityError.notFound("Outbound connector of this connection");
  return connector;
});

/** WSO2's body: isEnabled, blockingEnabled, rulesEnabled and the settings as key/value properties. Secret properties left out keep their stored values. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const body = wso2ConnectorInput.parse(await req.json());
  const { connector, created } = await putWso2Connector(provisio().sql, params.id, params.connectorId, body, actor);
  return Response.json(connector, { status: created ? 201 : 200 });
});
