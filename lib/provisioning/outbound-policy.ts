import { z } from "zod";

/**
 * A connection's outbound provisioning "Advanced" settings: how hard the engine may drive the target, and the
 * deletion guard. Stored with the connection (connection-policy.ts); the same schema checks the admin API's body
 * and the console's form.
 */

export const deletionGuardSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** a number of removals, or a percentage of the users provisioned to the connection */
    threshold: z.number().int("Threshold must be a whole number").min(1, "Threshold must be at least 1").max(1_000_000).default(100),
    thresholdType: z.enum(["count", "percentage"]).default("count"),
    windowMinutes: z.number().int("Window must be whole minutes").min(1, "Window must be at least 1 minute").max(10_080, "Window must be at most a week (10080 minutes)").default(10),
  })
  .refine((g) => g.thresholdType !== "percentage" || g.threshold <= 100, { message: "A percentage threshold must be at most 100", path: ["threshold"] });

export const outboundPolicySchema = z.object({
  /** concurrent requests to the target from one instance; null: as many as the worker's lanes */
  maxConcurrentRequests: z.number().int("Must be a whole number").min(1, "Must be at least 1").max(64, "Must be at most 64").nullable().default(null),
  /** requests per second to the target from one instance; null: unlimited */
  maxRequestsPerSecond: z.number().min(0.1, "Must be at least 0.1").max(10_000, "Must be at most 10000").nullable().default(null),
  deletionGuard: deletionGuardSchema.default({ enabled: false, threshold: 100, thresholdType: "count", windowMinutes: 10 }),
  /**
   * What becomes of a user who stays here but leaves the connection's scope (a provisioning role revoked, a rule
   * no longer matching): deleted at the target, or kept there deactivated. Users deleted here are deleted there.
   */
  deprovision: z.enum(["delete", "deactivate"]).default("delete"),
});

export type OutboundPolicy = z.output<typeof outboundPolicySchema>;
export type OutboundPolicyInput = z.input<typeof outboundPolicySchema>;
export type DeletionGuard = OutboundPolicy["deletionGuard"];

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = outboundPolicySchema.parse({});

/** What is stored, read leniently: a column written by an older version falls back to the defaults, field by field. */
export function storedPolicy(text: string | null | undefined): OutboundPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text || "{}");
  } catch {
    return DEFAULT_OUTBOUND_POLICY;
  }
  const parsed = outboundPolicySchema.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_OUTBOUND_POLICY;
}

/** The number of removals within the window the guard lets through; the next one trips it. */
export function removalAllowance(guard: DeletionGuard, provisionedUsers: number): number {
  if (guard.thresholdType === "count") return guard.threshold;
  // a percentage of nobody still lets one through: a fresh connection is not held for its first removal
  return Math.max(1, Math.floor((provisionedUsers * guard.threshold) / 100));
}

export interface GuardState {
  /** removals queued within the window that no administrator released, this one not counted */
  recentRemovals: number;
  /** users the connection has at the target (remote ids held) */
  provisionedUsers: number;
  /** removals held already: once tripped, the guard holds every removal until an administrator decides */
  held: number;
}

/** Whether the guard holds this removal. */
export function guardHolds(guard: DeletionGuard, state: GuardState): boolean {
  if (!guard.enabled) return false;
  if (state.held > 0) return true;
  return state.recentRemovals + 1 > removalAllowance(guard, state.provisionedUsers);
}
