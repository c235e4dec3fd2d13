import { z } from "zod";
import { consoleRoute, pageParams } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { getGroup, listMembers } from "@/lib/identity/groups/group-reads";
import { updateGroup } from "@/lib/identity/groups/update-group";
import { adminOrigin, outboundFailures } from "@/lib/admin-api/outbound";

export const GET = consoleRoute("internal_group_mgt_view", async (req, { params }) => {
  await getGroup(provisio().sql, params.id);
  const { startIndex, count } = pageParams(req);
  return listMembers(provisio().sql, params.id, startIndex, count);
});

const membersSchema = z.object({ userIds: z.array(z.string().min(1)).min(1, "Choose at least one user").max(1000) });

export const POST = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { userIds } = membersSchema.parse(await req.json());
  const before = await getGroup(provisio().sql, params.id);
  const origin = adminOrigin(actor);
  const after = await updateGroup(provisio().sql, params.id, { addMembers: userIds }, actor, { origin });
  return { added: after.memberCount - before.memberCount, outboundFailures: await outboundFailures(origin) };
});

export const DELETE = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { userIds } = membersSchema.parse(await req.json());
  const before = await getGroup(provisio().sql, params.id);
  const origin = adminOrigin(actor);
  const after = await updateGroup(provisio().sql, params.id, { removeMembers: userIds }, actor, { origin });
  return { removed: before.memberCount - after.memberCount, outboundFailures: await outboundFailures(origin) };
});
