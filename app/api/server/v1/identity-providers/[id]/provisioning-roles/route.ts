import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getConnection, setProvisioningRoles } from "@/lib/provisioning/connections";
import { provisioningRolesInput } from "@/lib/admin-api/schemas/identity-providers";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => (await getConnection(provisio().sql, params.id)).provisioningRoles);

/** Replaces the roles; an empty list provisions every user. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const { roleIds } = provisioningRolesInput.parse(await req.json());
  return (await setProvisioningRoles(provisio().sql, params.id, roleIds, actor)).provisioningRoles;
});
