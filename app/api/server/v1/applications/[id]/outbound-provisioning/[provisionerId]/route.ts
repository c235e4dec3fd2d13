import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { removeProvisioner } from "@/lib/provisioning/provisioners";
import { apiActor, applicationId } from "../../../application-api";
import { provisionerOf, updateOwnProvisioner } from "../../../../provisioning/provisioning-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => provisionerOf(provisio().sql, applicationId(params), params.provisionerId));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { params, principal }) =>
  updateOwnProvisioner(provisio().sql, applicationId(params), params.provisionerId, await req.json(), apiActor(principal)),
);

export const DELETE = adminRoute("internal_application_mgt_update", async (_req, { params, principal }) => {
  await provisionerOf(provisio().sql, applicationId(params), params.provisionerId);
  await removeProvisioner(provisio().sql, params.provisionerId, apiActor(principal));
  return new Response(null, { status: 204 });
});
