import { adminRoute } from "@/lib/admin-api/route";
import { PERMISSION_GROUPS } from "@/lib/identity/permission-catalogue";

export const GET = adminRoute("internal_role_mgt_view", async () => PERMISSION_GROUPS);
