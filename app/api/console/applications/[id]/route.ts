import { consoleRoute } from "@/lib/console-api/route";
import { sql } from "@/lib/db/client";
import { deleteApplication, getApplication, updateApplication } from "@/lib/identity/applications";
import { applicationId } from "../application-id";

export const GET = consoleRoute("internal_application_mgt_view", async (_req, { params }) => getApplication(sql(), applicationId(params)));

// The form always sends every field, so a save is a full replacement.
export const PUT = consoleRoute("internal_application_mgt_update", async (req, { params, actor }) => updateApplication(sql(), applicationId(params), await req.json(), actor));

export const DELETE = consoleRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  await deleteApplication(sql(), applicationId(params), actor);
  return new Response(null, { status: 204 });
});
