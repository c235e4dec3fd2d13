import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { deleteApplication, getApplication, updateApplication } from "@/lib/identity/applications";
import { applicationId, mergePatch } from "../application-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => getApplication(provisio().sql, applicationId(params)));

export const PATCH = adminRoute("internal_application_mgt_update", async (req, { params, actor }) => {
  const id = applicationId(params);
  const body = await req.json();
  return updateApplication(provisio().sql, id, mergePatch(await getApplication(provisio().sql, id), body), actor);
});

export const DELETE = adminRoute("internal_application_mgt_update", async (_req, { params, actor }) => {
  await deleteApplication(provisio().sql, applicationId(params), actor);
  return new Response(null, { status: 204 });
});
