import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { syncPlan } from "@/lib/provisioning/sync-plan/plan";
import { queryFrom } from "@/lib/admin-api/schemas/paging";
import { syncPlanQuerySchema } from "@/lib/admin-api/schemas/sync-plan";
import { connectorOf } from "../../../connection-api";

export const GET = adminRoute("internal_idp_view", async (req, { params }) => {
  const { connectorType, ...query } = queryFrom(syncPlanQuerySchema, req);
  const connector = await connectorOf(provisio().sql, params.id, connectorType);
  return syncPlan(provisio().sql, connector.id, query);
});
