import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { syncConnector } from "@/lib/provisioning/sync";
import { syncRequest } from "@/lib/admin-api/schemas/identity-providers";
import { connectorOf } from "../../connection-api";

export const POST = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const { connectorType, dryRun } = syncRequest.parse(await req.json());
  const connector = await connectorOf(provisio().sql, params.id, connectorType);
  return syncConnector(provisio().sql, connector.id, { dryRun, actor: actor });
});
