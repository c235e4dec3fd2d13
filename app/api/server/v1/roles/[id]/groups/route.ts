import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { addRoleGroups, removeRoleGroups } from "@/lib/admin-api/roles";

export const POST = adminRoute("internal_role_mgt_update", async (req, { params, actor }) => addRoleGroups(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_role_mgt_update", async (req, { params, actor }) => removeRoleGroups(provisio().sql, params.id, await req.json(), actor));
