import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";

export const GET = consoleRoute("internal_application_mgt_view", async () => (await getApplication(provisio().sql, RESIDENT_SP_ID)).inbound);

export const PUT = consoleRoute("internal_application_mgt_update", async (req, { actor }) => (await setInboundSettings(provisio().sql, RESIDENT_SP_ID, await req.json(), actor)).inbound);
