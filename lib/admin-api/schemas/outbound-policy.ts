import { z } from "zod";
import { deletionGuardSchema, outboundPolicySchema } from "../../provisioning/outbound-policy.ts";
import { MAX_DECIDED_SEQS, MAX_HELD_PAGE } from "../../provisioning/held-removals.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";

describeFields(outboundPolicySchema.shape, {
  maxConcurrentRequests: "Maximum concurrent requests to the target from each Provisio instance; null: no limit",
  maxRequestsPerSecond: "Maximum requests per second to the target from each Provisio instance; null: no limit",
  deletionGuard: "Holds the connection's deletes and deactivations for an administrator once more than the threshold come within the window",
  deprovision: "A user who stays here but leaves the connection's scope (provisioning role revoked, rule no longer matching): delete at the target, or deactivate there and keep the mapping",
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
    deprovision: z.enum(["delete", "deactivate"]),
  }),
  "A connection's outbound provisioning advanced settings: request limits, the deletion guard, and what becomes of users leaving its scope",
);

const positive = (fallback: number) => z.coerce.number().positive().transform(Math.floor).catch(fallback);

export const heldQuerySchema = z.object({
  startIndex: described(positive(1), "1-based; 1 when left out"),
  count: described(positive(100), `At most ${MAX_HELD_PAGE}; 100 when left out`),
});

export const heldRemoval = named(
  "HeldDelete",
  z.object({
    seq: described(z.number().int(), "The outbox event's number: what approve and discard take"),
    connectorId: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    entityName: z.string(),
    operation: described(z.enum(["delete", "deactivate"]), "delete, or deactivate (an update setting active to false)"),
    reason: z.string().nullable(),
    heldAt: instant(),
  }),
  "A delete or deactivation the deletion guard holds",
);

export const heldRemovalList = named(
  "HeldDeleteList",
  z.object({ guard: outboundPolicy.shape.deletionGuard, totalResults: z.number().int(), items: z.array(heldRemoval) }),
  "A connection's held deletes, oldest first, and its deletion guard",
);

export const heldDecisionInput = named(
  "HeldDeleteDecision",
  z.object({ seqs: described(z.array(z.number().int().positive()).min(1).max(MAX_DECIDED_SEQS).optional(), "The held deletes decided; every one the connection holds when left out") }),
);

export const heldDecisionResult = named("HeldDeleteDecisionResult", z.object({ count: described(z.number().int(), "How many held deletes were approved or discarded") }));

export const heldByConnection = named(
  "HeldDeletesByConnection",
  z.array(z.object({ connectionId: z.string(), connectionName: z.string(), held: z.number().int() })),
  "Connections whose deletion guard holds deletes, with how many",
);
