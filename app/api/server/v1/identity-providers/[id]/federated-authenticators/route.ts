import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { authenticatorsOf, saveFederationParts } from "@/lib/admin-api/federation";
import { readFederation } from "@/lib/federation/connection-federation";
import { federatedAuthenticatorsInput } from "@/lib/admin-api/schemas/federation";

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => authenticatorsOf(await readFederation(provisio().sql, params.id), provisio().config.baseUrl));

/** Replaces the federated authenticators: one OpenID Connect authenticator, or none. */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  const federatedAuthenticators = federatedAuthenticatorsInput.parse(await req.json());
  return authenticatorsOf(await saveFederationParts(provisio().sql, params.id, { federatedAuthenticators }, actor), provisio().config.baseUrl);
});
