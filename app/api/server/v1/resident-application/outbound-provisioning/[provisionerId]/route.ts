import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import { removeProvisioner } from "@/lib/provisioning/provisioners";
import { provisionerOf, updateOwnProvisioner } from "../../../provisioning/provisioning-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => provisionerOf(provisio().sql, RESIDENT_SP_ID, params.provisionerId));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => updateOwnProvisioner(provisio().sql, RESIDENT_SP_ID, params.provisionerId, await req.json(), actor));

export const DELETE = adminRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  await provisionerOf(provisio().sql, RESIDENT_SP_ID, params.provisionerId);
  await removeProvisioner(provisio().sql, params.provisionerId, actor);
  return new Response(null, { status: 204 });
});
