import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { createConnection, loadConnections } from "@/lib/provisioning/connections";
import { apiActor } from "../applications/application-api";

export const GET = adminRoute("internal_idp_view", async () => loadConnections(sql()));

export const POST = adminRoute("internal_idp_update", async (req, { principal }) => {
  const connection = await createConnection(sql(), await req.json(), apiActor(principal));
  return Response.json(connection, { status: 201, headers: { location: `/api/server/v1/identity-providers/${connection.id}` } });
});
