import { consoleRoute, pageParams } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { listGroups } from "@/lib/identity/groups/group-reads";
import { createGroup } from "@/lib/identity/groups/create-group";
import { groupFormSchema } from "@/lib/console/user-form";
import { qualifyName } from "@/lib/identity/qualified-name";

export const GET = consoleRoute("internal_group_mgt_view", async (req) => listGroups(sql(), pageParams(req)));

export const POST = consoleRoute("internal_group_mgt_create", async (req, { actor }) => {
  const form = groupFormSchema.parse(await req.json());
  const group = await createGroup(sql(), { displayName: qualifyName(form.domain, form.displayName) }, { actor });
  return Response.json(group, { status: 201 });
});
