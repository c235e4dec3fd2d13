import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { addRoleUsers, removeRoleUsers } from "@/lib/admin-api/roles";

export const POST = adminRoute("internal_role_mgt_update", async (req, { params, actor }) => addRoleUsers(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_role_mgt_update", async (req, { params, actor }) => removeRoleUsers(provisio().sql, params.id, await req.json(), actor));
