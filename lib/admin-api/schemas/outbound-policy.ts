import { z } from "zod";
import { deletionGuardSchema, outboundPolicySchema } from "../../provisioning/outbound-policy.ts";
import { describeFields, named } from "./documentation.ts";

describeFields(outboundPolicySchema.shape, {
  maxConcurrentRequests: "Maximum concurrent requests to the target from each Provisio instance; null: no limit",
  maxRequestsPerSecond: "Maximum requests per second to the target from each Provisio instance; null: no limit",
  deletionGuard: "Holds the connection's deletes and deactivations for an administrator once more than the threshold come within the window",
});
describeFields(deletionGuardSchema.shape, {
  enabled: "Whether the guard is on",
  threshold: "Removals let through within the window: a number, or a percentage of the users provisioned to the connection",
  thresholdType: "count or percentage",
  windowMinutes: "The window the removals are counted over, in minutes",
});

export const outboundPolicyInput = named("OutboundProvisioningPolicyInput", outboundPolicySchema, "A connection's outbound provisioning advanced settings; fields left out take their defaults");

/** As stored and answered: every field present. */
export const outboundPolicy = named(
  "OutboundProvisioningPolicy",
  z.object({
    maxConcurrentRequests: z.number().int().nullable(),
    maxRequestsPerSecond: z.number().nullable(),
    deletionGuard: z.object({ enabled: z.boolean(), threshold: z.number().int(), thresholdType: z.enum(["count", "percentage"]), windowMinutes: z.number().int() }),
  }),
  "A connection's outbound provisioning advanced settings: request limits and the deletion guard",
);
