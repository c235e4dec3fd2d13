import { z } from "zod";
import { consoleRoute } from "@/lib/console-api/route";
import { db } from "@/lib/db/client";
import { deleteGroup, getGroup, renameGroup } from "@/lib/identity/groups/manage-groups";

export const GET = consoleRoute("internal_group_mgt_view", async (_req, { params }) => getGroup(db(), params.id));

const renameSchema = z.object({ displayName: z.string() });

export const PATCH = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { displayName } = renameSchema.parse(await req.json());
  const current = await getGroup(db(), params.id);
  const qualified = current.domain === "PRIMARY" ? displayName : `${current.domain}/${displayName}`;
  return renameGroup(db(), params.id, qualified, actor);
});

export const DELETE = consoleRoute("internal_group_mgt_delete", async (_req, { params, actor }) => {
  await deleteGroup(db(), params.id, actor);
  return new Response(null, { status: 204 });
});
