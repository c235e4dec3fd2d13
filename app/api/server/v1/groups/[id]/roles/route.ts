import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { rolesOfGroupById } from "@/lib/admin-api/roles";

export const GET = adminRoute("internal_role_mgt_view", async (_req, { params }) => rolesOfGroupById(provisio().sql, params.id));
