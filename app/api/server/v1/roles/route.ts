import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { pageQueryFrom } from "@/lib/admin-api/schemas/paging";
import { createRoleFromBody, listRolePage } from "@/lib/admin-api/roles";

export const GET = adminRoute("internal_role_mgt_view", async (req) => listRolePage(provisio().sql, pageQueryFrom(req)));

export const POST = adminRoute("internal_role_mgt_create", async (req, { actor }) => {
  const role = await createRoleFromBody(provisio().sql, await req.json(), actor);
  return Response.json(role, { status: 201, headers: { location: `/api/server/v1/roles/${role.id}` } });
});
