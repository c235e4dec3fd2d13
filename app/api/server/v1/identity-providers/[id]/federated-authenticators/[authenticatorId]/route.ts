import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { authenticatorsOf, saveFederationParts } from "@/lib/admin-api/federation";
import { readFederation } from "@/lib/federation/connection-federation";
import { IdentityError } from "@/lib/identity/errors";
import { authenticatorPutInput, OIDC_AUTHENTICATOR_ID } from "@/lib/admin-api/schemas/federation";

function oidcOnly(authenticatorId: string) {
  if (authenticatorId !== OIDC_AUTHENTICATOR_ID) throw IdentityError.notFound(`Federated authenticator "${authenticatorId}"`);
}

export const GET = adminRoute("internal_idp_view", async (_req, { params }) => {
  oidcOnly(params.authenticatorId);
  const [authenticator] = authenticatorsOf(await readFederation(provisio().sql, params.id), provisio().config.baseUrl).authenticators;
  if (!authenticator) throw IdentityError.notFound("The connection's OpenID Connect authenticator");
  return authenticator;
});

/**
 * Adds or replaces the OpenID Connect authenticator; ClientSecret left out keeps the stored one. The connection's
 * issuer and JWKS URI may come along (idpIssuerName, certificate.jwksUri), so one form saves every OIDC setting.
 */
export const PUT = adminRoute("internal_idp_update", async (req, { params, actor }) => {
  oidcOnly(params.authenticatorId);
  const { idpIssuerName, certificate, ...input } = authenticatorPutInput.parse(await req.json());
  const saved = await saveFederationParts(
    provisio().sql,
    params.id,
    { federatedAuthenticators: { authenticators: [{ ...input, authenticatorId: OIDC_AUTHENTICATOR_ID }] }, idpIssuerName, certificate },
    actor,
  );
  return authenticatorsOf(saved, provisio().config.baseUrl).authenticators[0];
});
