import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import { addProvisioner, listProvisioners } from "@/lib/provisioning/provisioners";

/** Outbound provisioning of changes made in the console and through SCIM with HTTP Basic credentials. */
export const GET = adminRoute("internal_application_mgt_view", async () => listProvisioners(provisio().sql, RESIDENT_SP_ID));

export const POST = adminRoute("internal_application_mgt_update", async (req, { actor }) => {
  const provisioner = await addProvisioner(provisio().sql, RESIDENT_SP_ID, await req.json(), actor);
  return Response.json(provisioner, { status: 201, headers: { location: `/api/server/v1/resident-application/outbound-provisioning/${provisioner.id}` } });
});
