import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { createConnection, loadConnections } from "@/lib/provisioning/connections";

export const GET = consoleRoute("internal_idp_view", async () => loadConnections(sql()));

export const POST = consoleRoute("internal_idp_update", async (req, { actor }) => Response.json(await createConnection(sql(), await req.json(), actor), { status: 201 }));
