import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { provisionNow } from "@/lib/provisioning/provision-now";
import { provisionNowRequest } from "@/lib/admin-api/schemas/provision-now";

export const POST = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => {
  const { connectorId } = provisionNowRequest.parse(await req.json());
  return provisionNow(provisio().sql, params.id, connectorId, actor);
});
