import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import { apiActor, inboundOf } from "../../applications/application-api";

/** The resident service provider's settings apply to SCIM calls made with Basic credentials. */
export const GET = adminRoute("internal_application_mgt_view", async () => inboundOf(await getApplication(sql(), RESIDENT_SP_ID)));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { principal }) =>
  inboundOf(await setInboundSettings(sql(), RESIDENT_SP_ID, await req.json(), apiActor(principal))),
);
