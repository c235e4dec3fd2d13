import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getGroup } from "@/lib/identity/groups/group-reads";
import { deleteGroupAs, renameGroup } from "@/lib/admin-api/groups";

export const GET = adminRoute("internal_group_mgt_view", async (_req, { params }) => getGroup(provisio().sql, params.id));

export const PATCH = adminRoute("internal_group_mgt_update", async (req, { params, actor }) => renameGroup(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_group_mgt_delete", async (_req, { params, actor }) => {
  const results = await deleteGroupAs(provisio().sql, params.id, actor);
  return results.outboundFailures.length ? Response.json(results) : new Response(null, { status: 204 });
});
