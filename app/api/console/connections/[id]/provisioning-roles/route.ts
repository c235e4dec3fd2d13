import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { setProvisioningRoles } from "@/lib/provisioning/connections";
import { provisioningRolesSchema } from "@/app/api/server/v1/identity-providers/connection-api";

export const PUT = consoleRoute("internal_idp_update", async (req, { params, actor }) =>
  setProvisioningRoles(provisio().sql, params.id, provisioningRolesSchema.parse(await req.json()).roleIds, actor),
);
