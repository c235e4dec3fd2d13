import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getGroup, listMembers } from "@/lib/identity/groups/group-reads";
import { pageQueryFrom } from "@/lib/admin-api/schemas/paging";
import { addMembers, removeMembers } from "@/lib/admin-api/groups";

export const GET = adminRoute("internal_group_mgt_view", async (req, { params }) => {
  await getGroup(provisio().sql, params.id);
  const { startIndex, count } = pageQueryFrom(req);
  return listMembers(provisio().sql, params.id, startIndex, count);
});

export const POST = adminRoute("internal_group_mgt_update", async (req, { params, actor }) => addMembers(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_group_mgt_update", async (req, { params, actor }) => removeMembers(provisio().sql, params.id, await req.json(), actor));
