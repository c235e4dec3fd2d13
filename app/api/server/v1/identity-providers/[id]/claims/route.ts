import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { claimsOf, saveFederationParts } from "@/lib/admin-api/federation";
import { readFederation } from "@/lib/federation/connection-federation";
import { claimsInput } from "@/lib/admin-api/schemas/federation";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => claimsOf((await readFederation(provisio().sql, params.id)).settings));

export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const claims = claimsInput.parse(await req.json());
  return claimsOf((await saveFederationParts(provisio().sql, params.id, { claims }, actor)).settings);
});
