import { consoleRoute } from "@/lib/console-api/route";
import { provisio } from "@/lib/server/current";
import { deleteApplication, getApplication, updateApplication } from "@/lib/identity/applications";
import { applicationId } from "../application-id";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => getApplication(provisio().sql, applicationId(params)));

// The form always sends every field, so a save is a full replacement.
export const PUT = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) => updateApplication(provisio().sql, applicationId(params), await req.json(), actor));

export const DELETE = consoleRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  await deleteApplication(provisio().sql, applicationId(params), actor);
  return new Response(null, { status: 204 });
});
