import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { getApplication, setInboundSettings } from "@/lib/identity/applications";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import { inboundOf } from "../../applications/application-api";

/** The resident service provider's settings apply to SCIM calls made with Basic credentials. */
export const GET = adminRoute("internal_application_mgt_view", async () => inboundOf(await getApplication(provisio().sql, RESIDENT_SP_ID)));

export const PUT = adminRoute("internal_application_mgt_update", async (req, { actor }) => inboundOf(await setInboundSettings(provisio().sql, RESIDENT_SP_ID, await req.json(), actor)));
