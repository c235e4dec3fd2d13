import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { jitOf, saveFederationParts } from "@/lib/admin-api/federation";
import { readFederation } from "@/lib/federation/connection-federation";
import { jitInput } from "@/lib/admin-api/schemas/federation";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => jitOf((await readFederation(provisio().sql, params.id)).settings));

export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const jit = jitInput.parse(await req.json());
  return jitOf((await saveFederationParts(provisio().sql, params.id, { provisioning: { jit } }, actor)).settings);
});
