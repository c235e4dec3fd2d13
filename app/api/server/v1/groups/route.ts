import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { listGroups } from "@/lib/identity/groups/group-reads";
import { pageQueryFrom } from "@/lib/admin-api/schemas/paging";
import { createGroupFromForm } from "@/lib/admin-api/groups";

export const GET = adminRoute("internal_group_mgt_view", async (req) => listGroups(provisio().sql, pageQueryFrom(req)));

export const POST = adminRoute("internal_group_mgt_create", async (req, { actor }) => {
  const group = await createGroupFromForm(provisio().sql, await req.json(), actor);
  return Response.json(group, { status: 201, headers: { location: `/api/server/v1/groups/${group.id}` } });
});
