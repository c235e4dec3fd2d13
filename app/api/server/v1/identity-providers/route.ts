import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { createConnection } from "@/lib/provisioning/connections";
import { federationChange } from "@/lib/admin-api/federation";
import { saveFederation } from "@/lib/federation/connection-federation";
import { connectionCreateInput } from "@/lib/admin-api/schemas/identity-providers";
import { connectionDetail, connectionList } from "./connection-api";

export const GET = adminRoute("internal_idp_view", async () => connectionList(provisio().sql));

/** WSO2's create body: general settings, and optionally the federated authenticator, claims, roles and JIT. */
export const POST = adminRoute("internal_idp_update", async (req, { actor }) => {
  const { sql, config } = provisio();
  const { federatedAuthenticators, certificate, idpIssuerName, claims, roles, provisioning, ...general } = connectionCreateInput.parse(await req.json());
  // checked before the connection is written, so a bad mapping creates nothing
  const { patch, clientSecret } = await federationChange(sql, undefined, { federatedAuthenticators, certificate, idpIssuerName, claims, roles, provisioning });
  const connection = await createConnection(sql, general, actor);
  if (Object.keys(patch).length) await saveFederation(sql, connection.id, patch, clientSecret, actor);
  return Response.json(await connectionDetail(sql, connection.id, config.baseUrl), { status: 201, headers: { location: `/api/server/v1/identity-providers/${connection.id}` } });
});
