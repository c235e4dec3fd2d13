import { z } from "zod";
import { consoleRoute, pageParams } from "@/lib/console-api/route";
import { db } from "@/lib/db/client";
import { addMembers, listMembers, removeMembers } from "@/lib/identity/groups/members";

export const GET = consoleRoute("internal_group_mgt_view", async (req, { params }) => {
  const { startIndex, count } = pageParams(req);
  return listMembers(db(), params.id, startIndex, count);
});

const membersSchema = z.object({ userIds: z.array(z.string().min(1)).min(1, "Choose at least one user").max(1000) });

export const POST = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { userIds } = membersSchema.parse(await req.json());
  return { added: await addMembers(db(), params.id, userIds, actor) };
});

export const DELETE = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { userIds } = membersSchema.parse(await req.json());
  return { removed: await removeMembers(db(), params.id, userIds, actor) };
});
