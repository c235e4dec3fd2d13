import { z } from "zod";
import type { AdminOperation, OperationGroup, PathParameter } from "../operation.ts";
import {
  attemptList,
  attemptQuerySchema,
  provisioner,
  provisionerInput,
  provisionerUpdate,
  provisioningHealth,
  queueSummary,
  retryRequest,
  retryResult,
  userProvisioningStatus,
} from "../schemas/outbound-provisioning.ts";
import { heldByConnection } from "../schemas/outbound-policy.ts";
import { provisionNowRequest, provisionTrace } from "../schemas/provision-now.ts";

const TAG = "Outbound provisioning";

/** The same five operations for the resident service provider and for each application. */
function provisionerOperations(base: string, idPrefix: string, owner: string, ownerParams: Record<string, PathParameter>): AdminOperation[] {
  const ownerMissing = Object.keys(ownerParams).length ? ([404] as const) : [];
  const pathParams = { ...ownerParams, provisionerId: { description: "The provisioner's id" } };
  return [
    {
      operationId: `list${idPrefix}OutboundProvisioners`,
      method: "get",
      path: base,
      summary: `List the ${owner}'s outbound provisioners`,
      tag: TAG,
      permission: "internal_application_mgt_view",
      pathParams: ownerParams,
      responses: { 200: { description: "The provisioners, by connection name", schema: z.array(provisioner) } },
      errors: [...ownerMissing],
    },
    {
      operationId: `add${idPrefix}OutboundProvisioner`,
      method: "post",
      path: base,
      summary: `Provision the ${owner}'s changes to a connector`,
      tag: TAG,
      permission: "internal_application_mgt_update",
      pathParams: ownerParams,
      body: { schema: provisionerInput },
      responses: { 201: { description: "Added", schema: provisioner, headers: { Location: "The provisioner's URL" } } },
      errors: [400, 409, ...ownerMissing],
    },
    {
      operationId: `get${idPrefix}OutboundProvisioner`,
      method: "get",
      path: `${base}/{provisionerId}`,
      summary: "Get a provisioner",
      tag: TAG,
      permission: "internal_application_mgt_view",
      pathParams,
      responses: { 200: { description: "The provisioner", schema: provisioner } },
      errors: [404],
    },
    {
      operationId: `put${idPrefix}OutboundProvisioner`,
      method: "put",
      path: `${base}/{provisionerId}`,
      summary: "Change a provisioner",
      description: "Settings left out take their defaults. The connector cannot change; remove the provisioner and add another.",
      tag: TAG,
      permission: "internal_application_mgt_update",
      pathParams,
      body: { schema: provisionerUpdate },
      responses: { 200: { description: "The provisioner", schema: provisioner } },
      errors: [400, 404],
    },
    {
      operationId: `remove${idPrefix}OutboundProvisioner`,
      method: "delete",
      path: `${base}/{provisionerId}`,
      summary: "Remove a provisioner",
      tag: TAG,
      permission: "internal_application_mgt_update",
      pathParams,
      responses: { 204: { description: "Removed" } },
      errors: [404],
    },
  ];
}

export const outboundProvisioningOperations: OperationGroup = {
  tag: { name: TAG, description: "Which connectors receive each service provider's changes, and the provisioning log and queue" },
  operations: [
    ...provisionerOperations("/resident-application/outbound-provisioning", "Resident", "resident service provider", {}),
    ...provisionerOperations("/applications/{id}/outbound-provisioning", "Application", "application", { id: { description: "The application's id" } }),
    {
      operationId: "listProvisioningAttempts",
      method: "get",
      path: "/provisioning/attempts",
      summary: "The provisioning log",
      description: "Every delivery attempt, newest first.",
      tag: TAG,
      permission: "internal_application_mgt_view",
      query: attemptQuerySchema,
      responses: { 200: { description: "A page of attempts", schema: attemptList } },
      errors: [400],
    },
    {
      operationId: "getProvisioningQueue",
      method: "get",
      path: "/provisioning/queue",
      summary: "The outbox by status, overall and per connector",
      tag: TAG,
      permission: "internal_application_mgt_view",
      responses: { 200: { description: "The counts", schema: queueSummary } },
    },
    {
      operationId: "listHeldDeletesByConnection",
      method: "get",
      path: "/provisioning/held-deletes",
      summary: "Connections whose deletion guard holds deletes",
      description: "Each connection with deletes held for approval and how many; decide them at /identity-providers/{id}/provisioning/held-deletes.",
      tag: TAG,
      permission: "internal_idp_view",
      responses: { 200: { description: "The connections", schema: heldByConnection } },
    },
    {
      operationId: "getProvisioningHealth",
      method: "get",
      path: "/provisioning/health",
      summary: "Each connection's provisioning health over the last 24 hours",
      description:
        "Per connection with outbound connectors: successes, failures and dead letters hour by hour, the queue's depth at each hour's end, the last success, what is queued and dead now, and a standing pause; and the newest failures not resolved since.",
      tag: TAG,
      permission: "internal_application_mgt_view",
      responses: { 200: { description: "The health", schema: provisioningHealth } },
    },
    {
      operationId: "retryProvisioningEvents",
      method: "post",
      path: "/provisioning/retry",
      summary: "Retry failed events now",
      description:
        "Dead and waiting events go back to the queue for delivery at once; dead ones get their full retry budget again. A dead event older than a change the target already received stays dead.",
      tag: TAG,
      permission: "internal_application_mgt_update",
      body: { schema: retryRequest, required: false },
      responses: { 200: { description: "How many events were queued again", schema: retryResult } },
      errors: [400],
    },
    {
      operationId: "getUserProvisioningStatus",
      method: "get",
      path: "/provisioning/users/{userId}",
      summary: "A user's provisioning status per connector",
      tag: TAG,
      permission: "internal_application_mgt_view",
      pathParams: { userId: { description: "The user's id" } },
      responses: { 200: { description: "The status", schema: userProvisioningStatus } },
      errors: [404],
    },
    {
      operationId: "provisionUserNow",
      method: "post",
      path: "/users/{id}/provision",
      summary: "Provision a user to one connection now, with a trace",
      description:
        "Runs outbound provisioning for the user and one connector while the caller waits: the scope decision and why, the mapped user, every request sent (secrets masked) and the answers, and the user's remote id afterwards. A user out of scope who was provisioned before is deleted or deactivated there, as the connection's deprovision setting says. The attempt is in the provisioning log.",
      tag: TAG,
      permission: "internal_application_mgt_update",
      pathParams: { id: { description: "The user's id" } },
      body: { schema: provisionNowRequest },
      responses: { 200: { description: "The trace", schema: provisionTrace } },
      errors: [404, 409],
    },
  ],
};
