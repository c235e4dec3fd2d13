import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { applicationId } from "../../application-id";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => (await getApplication(provisio().sql, applicationId(params))).inbound);

export const PUT = consoleRoute(
  "internal_application_mgt_update",
  async (req, { params, actor }) => (await setInboundSettings(provisio().sql, applicationId(params), await req.json(), actor)).inbound,
);
