import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { syncConnector } from "@/lib/provisioning/sync";
import { apiActor } from "../../../applications/application-api";
import { connectorOf, syncBodySchema } from "../../connection-api";

export const POST = adminRoute("internal_idp_update", async (req, { params, principal }) => {
  const { connectorType, dryRun } = syncBodySchema.parse(await req.json());
  const connector = await connectorOf(sql(), params.id, connectorType);
  return syncConnector(sql(), connector.id, { dryRun, actor: apiActor(principal) });
});
