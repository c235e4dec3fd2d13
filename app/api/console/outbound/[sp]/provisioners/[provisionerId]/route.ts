import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { removeProvisioner } from "@/lib/provisioning/provisioners";
import { provisionerOf, updateOwnProvisioner } from "@/app/api/server/v1/provisioning/provisioning-api";
import { serviceProviderId } from "../../provider";

export const PUT = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) =>
  updateOwnProvisioner(provisio().sql, await serviceProviderId(params), params.provisionerId, await req.json(), actor),
);

export const DELETE = consoleRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  await provisionerOf(provisio().sql, await serviceProviderId(params), params.provisionerId);
  await removeProvisioner(provisio().sql, params.provisionerId, actor);
  return new Response(null, { status: 204 });
});
