import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { applicationId } from "../../application-id";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => (await getApplication(sql(), applicationId(params))).inbound);

export const PUT = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) =>
  (await setInboundSettings(sql(), applicationId(params), await req.json(), actor)).inbound,
);
