import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteRoleAs, replaceRoleFromBody, roleDetail } from "@/lib/admin-api/roles";

export const GET = adminRoute("internal_role_mgt_view", async (_req, { params }) => roleDetail(provisio().sql, params.id));

export const PUT = adminRoute("internal_role_mgt_update", async (req, { params, actor }) => replaceRoleFromBody(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_role_mgt_delete", async (_req, { params, actor }) => {
  const results = await deleteRoleAs(provisio().sql, params.id, actor);
  return results.outboundFailures.length ? Response.json(results) : new Response(null, { status: 204 });
});
