import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { syncConnector } from "@/lib/provisioning/sync";
import { syncRequest } from "@/lib/admin-api/schemas/identity-providers";
import { connectorOf } from "@/app/api/server/v1/identity-providers/connection-api";

export const POST = consoleRoute("internal_idp_update", async (req, { params, actor }) => {
  const { connectorType, dryRun } = syncRequest.parse(await req.json());
  return syncConnector(provisio().sql, (await connectorOf(provisio().sql, params.id, connectorType)).id, { dryRun, actor });
});
