import { consoleRoute, pageParams } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { listGroups } from "@/lib/identity/groups/group-reads";
import { createGroup } from "@/lib/identity/groups/create-group";
import { groupFormSchema } from "@/lib/console/user-form";
import { qualifyName } from "@/lib/identity/qualified-name";
import { adminOrigin, outboundFailures } from "@/lib/admin-api/outbound";

export const GET = consoleRoute("internal_group_mgt_view", async (req) => listGroups(provisio().sql, pageParams(req)));

export const POST = consoleRoute("internal_group_mgt_create", async (req, { actor }) => {
  const form = groupFormSchema.parse(await req.json());
  const origin = adminOrigin(actor);
  const group = await createGroup(provisio().sql, { displayName: qualifyName(form.domain, form.displayName) }, { actor, origin });
  return Response.json({ ...group, outboundFailures: await outboundFailures(origin) }, { status: 201 });
});
