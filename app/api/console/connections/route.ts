import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { createConnection, loadConnections } from "@/lib/provisioning/connections";

export const GET = consoleRoute("internal_idp_view", async () => loadConnections(provisio().sql));

export const POST = consoleRoute("internal_idp_update", async (req, { actor }) => Response.json(await createConnection(provisio().sql, await req.json(), actor), { status: 201 }));
