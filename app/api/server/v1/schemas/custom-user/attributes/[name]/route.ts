import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { deleteCustomAttribute } from "@/lib/identity/custom-attributes";

export const DELETE = adminRoute("internal_config_mgt_update", async (_req, { params }) => {
  await deleteCustomAttribute(sql(), params.name);
  return new Response(null, { status: 204 });
});
