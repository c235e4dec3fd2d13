import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";

export const GET = consoleRoute("internal_application_mgt_view", async () => (await getApplication(sql(), RESIDENT_SP_ID)).inbound);

export const PUT = consoleRoute("internal_application_mgt_update", async (req, { actor }) => (await setInboundSettings(sql(), RESIDENT_SP_ID, await req.json(), actor)).inbound);
