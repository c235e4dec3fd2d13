import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { createApplication, listApplications } from "@/lib/identity/applications";

export const GET = consoleRoute("internal_application_mgt_view", async () => ({ items: await listApplications(provisio().sql) }));

/** The only response that carries the client secret; the form shows it once. */
export const POST = consoleRoute("internal_application_mgt_update", async (req, { actor }) => Response.json(await createApplication(provisio().sql, await req.json(), actor), { status: 201 }));
