import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteConnection, getConnection, updateConnection } from "@/lib/provisioning/connections";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => getConnection(provisio().sql, params.id));

/** The whole connection: fields not sent take their defaults, as on create. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => updateConnection(provisio().sql, params.id, await req.json(), actor));

export const DELETE = adminRoute("internal_idp_update", async (_req, { params, actor }) => {
  await deleteConnection(provisio().sql, params.id, actor);
  return new Response(null, { status: 204 });
});
