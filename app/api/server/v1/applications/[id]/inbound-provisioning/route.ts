import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { apiActor, applicationId, inboundOf } from "../../application-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => inboundOf(await getApplication(sql(), applicationId(params))));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { params, principal }) =>
  inboundOf(await setInboundSettings(sql(), applicationId(params), await req.json(), apiActor(principal))),
);
