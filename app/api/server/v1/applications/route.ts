import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { createApplication, listApplications } from "@/lib/identity/applications";

export const GET = adminRoute("internal_application_mgt_view", async () => listApplications(provisio().sql));

/** The client secret is in this response and nowhere else: only its hash is stored. */
export const POST = adminRoute("internal_application_mgt_update", async (req, { actor }) => {
  const { application, clientSecret } = await createApplication(provisio().sql, await req.json(), actor);
  return Response.json({ ...application, clientSecret }, { status: 201, headers: { location: `/api/server/v1/applications/${application.id}` } });
});
