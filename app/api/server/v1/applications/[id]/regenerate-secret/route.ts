import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { regenerateSecret } from "@/lib/identity/applications";
import { applicationId } from "../../application-api";

export const POST = adminRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  const { application, clientSecret } = await regenerateSecret(provisio().sql, applicationId(params), actor);
  return { ...application, clientSecret };
});
