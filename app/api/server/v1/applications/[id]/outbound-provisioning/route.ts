import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication } from "@/lib/identity/applications";
import { addProvisioner, listProvisioners } from "@/lib/provisioning/provisioners";
import { applicationId } from "../../application-api";

/** Outbound provisioning of changes made with the application's access tokens. */
export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => {
  const id = applicationId(params);
  await getApplication(provisio().sql, id);
  return listProvisioners(provisio().sql, id);
});

export const POST = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => {
  const id = applicationId(params);
  const provisioner = await addProvisioner(provisio().sql, id, await req.json(), actor);
  return Response.json(provisioner, { status: 201, headers: { location: `/api/server/v1/applications/${id}/outbound-provisioning/${provisioner.id}` } });
});
