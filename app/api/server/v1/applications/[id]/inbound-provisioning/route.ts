import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { applicationId, inboundOf } from "../../application-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => inboundOf(await getApplication(provisio().sql, applicationId(params))));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => inboundOf(await setInboundSettings(provisio().sql, applicationId(params), await req.json(), actor)));
