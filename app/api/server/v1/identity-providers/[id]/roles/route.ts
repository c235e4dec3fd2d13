import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { rolesOf, saveFederationParts } from "@/lib/admin-api/federation";
import { readFederation } from "@/lib/federation/connection-federation";
import { rolesInput } from "@/lib/admin-api/schemas/federation";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => rolesOf((await readFederation(provisio().sql, params.id)).settings));

export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const roles = rolesInput.parse(await req.json());
  return rolesOf((await saveFederationParts(provisio().sql, params.id, { roles }, actor)).settings);
});
