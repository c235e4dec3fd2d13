import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteConnection, getConnection, updateConnection } from "@/lib/provisioning/connections";
import { apiActor } from "../../applications/application-api";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => getConnection(provisio().sql, params.id));

/** The whole connection: fields not sent take their defaults, as on create. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, principal }) => updateConnection(provisio().sql, params.id, await req.json(), apiActor(principal)));

export const DELETE = adminRoute("internal_idp_update", async (_req, { params, principal }) => {
  await deleteConnection(provisio().sql, params.id, apiActor(principal));
  return new Response(null, { status: 204 });
});
