import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { setProvisioningRoles } from "@/lib/provisioning/connections";
import { provisioningRolesInput } from "@/lib/admin-api/schemas/identity-providers";

export const PUT = consoleRoute("internal_idp_update", async (req, { params, actor }) =>
  setProvisioningRoles(provisio().sql, params.id, provisioningRolesInput.parse(await req.json()).roleIds, actor),
);
