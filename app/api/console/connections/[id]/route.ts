import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { deleteConnection, getConnection, updateConnection } from "@/lib/provisioning/connections";

export const GET = consoleRoute("internal_idp_view", async (_req, { params }) => getConnection(sql(), params.id));

export const PUT = consoleRoute("internal_idp_update", async (req, { params, actor }) => updateConnection(sql(), params.id, await req.json(), actor));

export const DELETE = consoleRoute("internal_idp_update", async (_req, { params, actor }) => {
  await deleteConnection(sql(), params.id, actor);
  return new Response(null, { status: 204 });
});
