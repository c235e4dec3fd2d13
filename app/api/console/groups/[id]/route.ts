import { z } from "zod";
import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { getGroup } from "@/lib/identity/groups/group-reads";
import { deleteGroup, updateGroup } from "@/lib/identity/groups/update-group";
import { qualifyName } from "@/lib/identity/qualified-name";
import { adminOrigin, outboundFailures } from "@/lib/admin-api/outbound";

export const GET = consoleRoute("internal_group_mgt_view", async (_req, { params }) => getGroup(provisio().sql, params.id));

const renameSchema = z.object({ displayName: z.string() });

export const PATCH = consoleRoute("internal_group_mgt_update", async (req, { params, actor }) => {
  const { displayName } = renameSchema.parse(await req.json());
  const current = await getGroup(provisio().sql, params.id);
  const origin = adminOrigin(actor);
  const group = await updateGroup(provisio().sql, params.id, { displayName: qualifyName(current.domain, displayName) }, actor, { origin });
  return { ...group, outboundFailures: await outboundFailures(origin) };
});

export const DELETE = consoleRoute("internal_group_mgt_delete", async (_req, { params, actor }) => {
  const origin = adminOrigin(actor);
  await deleteGroup(provisio().sql, params.id, actor, origin);
  await outboundFailures(origin);
  return new Response(null, { status: 204 });
});
