import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteConnection, updateConnection } from "@/lib/provisioning/connections";
import { connectionDetail } from "../connection-api";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => connectionDetail(provisio().sql, params.id, provisio().config.baseUrl));

/** The general settings: fields not sent take their defaults, as on create. Federation settings have their own paths. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  await updateConnection(provisio().sql, params.id, await req.json(), actor);
  return connectionDetail(provisio().sql, params.id, provisio().config.baseUrl);
});

export const DELETE = adminRoute("internal_idp_update", async (_req, { params, actor }) => {
  await deleteConnection(provisio().sql, params.id, actor);
  return new Response(null, { status: 204 });
});
