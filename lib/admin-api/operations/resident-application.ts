import type { OperationGroup } from "../operation.ts";
import { inboundProvisioning, inboundProvisioningInput } from "../schemas/applications.ts";

const TAG = "Resident application";

export const residentApplicationOperations: OperationGroup = {
  tag: { name: TAG, description: "The resident service provider: settings for the console and for SCIM requests authenticated with HTTP Basic" },
  operations: [
    {
      operationId: "getResidentInboundProvisioning",
      method: "get",
      path: "/resident-application/inbound-provisioning",
      summary: "Get the resident inbound provisioning settings",
      tag: TAG,
      permission: "internal_application_mgt_view",
      responses: { 200: { description: "The settings", schema: inboundProvisioning } },
    },
    {
      operationId: "putResidentInboundProvisioning",
      method: "put",
      path: "/resident-application/inbound-provisioning",
      summary: "Set the resident inbound provisioning settings",
      tag: TAG,
      permission: "internal_application_mgt_update",
      body: { schema: inboundProvisioningInput },
      responses: { 200: { description: "The settings", schema: inboundProvisioning } },
      errors: [400],
    },
  ],
};
