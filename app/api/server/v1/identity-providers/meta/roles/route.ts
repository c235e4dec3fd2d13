import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listRoleNames } from "@/lib/identity/roles/roles";

/** Names only, for choosing a connection's provisioning roles; a role's members and permissions are not needed there. */
export const GET = adminRoute("internal_idp_view", async () => listRoleNames(provisio().sql));
