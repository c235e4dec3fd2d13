import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { customAttributeWithUsage, deleteCustomAttribute, updateCustomAttribute } from "@/lib/identity/custom-attribute-edits";

export const GET = adminRoute("internal_config_mgt_view", async (_req, { params }) => customAttributeWithUsage(provisio().sql, params.name));

export const PUT = adminRoute("internal_config_mgt_update", async (req, { params, actor }) => updateCustomAttribute(provisio().sql, params.name, await req.json(), actor));

export const DELETE = adminRoute("internal_config_mgt_update", async (_req, { params, actor }) => {
  await deleteCustomAttribute(provisio().sql, params.name, actor);
  return new Response(null, { status: 204 });
});
