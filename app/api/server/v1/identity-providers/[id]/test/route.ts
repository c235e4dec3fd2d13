import { adminRoute } from "@/lib/admin-api/route";
import { provisio } from "@/lib/server/current";
import { testConnectors } from "@/lib/provisioning/connection-test";
import { connectionTestRequest } from "@/lib/admin-api/schemas/identity-providers";
import { knownConnectorType, optionalJsonBody } from "../../connection-api";

/** WSO2's path for testing a connection: each connector (or the one of `type`) tries its target; an empty body tests them all. */
export const POST = adminRoute("internal_idp_update", async (req, { params }) => {
  const body = connectionTestRequest.parse(await optionalJsonBody(req));
  return testConnectors(provisio().sql, params.id, { type: body.type === undefined ? undefined : knownConnectorType(body.type), config: body.config });
});
