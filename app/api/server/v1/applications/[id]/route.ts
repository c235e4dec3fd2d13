import { adminRoute } from "@/lib/admin-api/route";
import { sql } from "@/lib/db/client";
import { deleteApplication, getApplication, updateApplication } from "@/lib/identity/applications";
import { apiActor, applicationId, mergePatch } from "../application-api";

export const GET = adminRoute("internal_application_mgt_view", async (_req, { params }) => getApplication(sql(), applicationId(params)));

export const PATCH = adminRoute("internal_application_mgt_update", async (req, { params, principal }) => {
  const id = applicationId(params);
  const body = await req.json();
  return updateApplication(sql(), id, mergePatch(await getApplication(sql(), id), body), apiActor(principal));
});

export const DELETE = adminRoute("internal_application_mgt_update", async (_req, { params, principal }) => {
  await deleteApplication(sql(), applicationId(params), apiActor(principal));
  return new Response(null, { status: 204 });
});
