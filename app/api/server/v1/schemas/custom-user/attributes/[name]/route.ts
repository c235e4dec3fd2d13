import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteCustomAttribute } from "@/lib/identity/custom-attributes";

export const DELETE = adminRoute("internal_config_mgt_update", async (_req, { params }) => {
  await deleteCustomAttribute(provisio().sql, params.name);
  return new Response(null, { status: 204 });
});
