import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { wso2Connectors } from "@/lib/admin-api/wso2-connectors";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => {
  const connectors = await wso2Connectors(provisio().sql, params.id);
  return { defaultConnectorId: connectors[0]?.connectorId ?? null, connectors };
});
