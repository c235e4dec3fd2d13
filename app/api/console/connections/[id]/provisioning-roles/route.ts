import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { setProvisioningRoles } from "@/lib/provisioning/connections";
import { provisioningRolesSchema } from "@/app/api/server/v1/identity-providers/connection-api";

export const PUT = consoleRoute("internal_idp_update", async (req, { params, actor }) =>
  setProvisioningRoles(sql(), params.id, provisioningRolesSchema.parse(await req.json()).roleIds, actor),
);
