import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { testConnectors } from "@/lib/provisioning/connection-test";
import { connectionTestRequest } from "@/lib/admin-api/schemas/identity-providers";
import { knownConnectorType, optionalJsonBody } from "../../../../connection-api";

/** Tests the connector of this type: its saved settings, or the unsaved ones of a form posted as `config`. */
export const POST = adminRoute("internal_idp_update", async (req, { params }) => {
  const type = knownConnectorType(params.type);
  const body = connectionTestRequest.parse(await optionalJsonBody(req));
  const [outcome] = await testConnectors(provisio().sql, params.id, { type, config: body.config });
  return outcome;
});
