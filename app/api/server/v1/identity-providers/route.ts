import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { createConnection, loadConnections } from "@/lib/provisioning/connections";

export const GET = adminRoute("internal_idp_view", async () => loadConnections(provisio().sql));

export const POST = adminRoute("internal_idp_update", async (req, { actor }) => {
  const connection = await createConnection(provisio().sql, await req.json(), actor);
  return Response.json(connection, { status: 201, headers: { location: `/api/server/v1/identity-providers/${connection.id}` } });
});
