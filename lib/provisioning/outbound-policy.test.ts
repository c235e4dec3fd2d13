import { describe, expect, it } from "vitest";
import { DEFAULT_OUTBOUND_POLICY, guardHolds, outboundPolicySchema, removalAllowance, storedPolicy, type DeletionGuard } from "./outbound-policy";

const guard = (g: Partial<DeletionGuard>): DeletionGuard => ({ enabled: true, threshold: 10, thresholdType: "count", windowMinutes: 10, ...g });

describe("the deletion guard's decision", () => {
  it.each([
    ["off: never holds", guard({ enabled: false }), { recentRemovals: 500, provisionedUsers: 10, held: 3 }, false],
    ["count: below the threshold", guard({ threshold: 10 }), { recentRemovals: 8, provisionedUsers: 100, held: 0 }, false],
    ["count: the threshold-th removal passes", guard({ threshold: 10 }), { recentRemovals: 9, provisionedUsers: 100, held: 0 }, false],
    ["count: one past the threshold trips", guard({ threshold: 10 }), { recentRemovals: 10, provisionedUsers: 100, held: 0 }, true],
    ["tripped: holds every removal until decided", guard({ threshold: 10 }), { recentRemovals: 0, provisionedUsers: 100, held: 1 }, true],
    ["percentage: 10% of 200 lets 20 through", guard({ threshold: 10, thresholdType: "percentage" }), { recentRemovals: 19, provisionedUsers: 200, held: 0 }, false],
    ["percentage: the 21st of 200 trips at 10%", guard({ threshold: 10, thresholdType: "percentage" }), { recentRemovals: 20, provisionedUsers: 200, held: 0 }, true],
    ["percentage rounds down: 10% of 15 is 1", guard({ threshold: 10, thresholdType: "percentage" }), { recentRemovals: 1, provisionedUsers: 15, held: 0 }, true],
    ["percentage of nobody still lets one through", guard({ threshold: 50, thresholdType: "percentage" }), { recentRemovals: 0, provisionedUsers: 0, held: 0 }, false],
    ["percentage of nobody holds the second", guard({ threshold: 50, thresholdType: "percentage" }), { recentRemovals: 1, provisionedUsers: 0, held: 0 }, true],
  ])("%s", (_, g, state, holds) => {
    expect(guardHolds(g, state)).toBe(holds);
  });

  it.each([
    [guard({ threshold: 25 }), 1_000, 25],
    [guard({ threshold: 25, thresholdType: "percentage" }), 1_000, 250],
    [guard({ threshold: 100, thresholdType: "percentage" }), 7, 7],
  ])("allowance of %j over %d provisioned users is %d", (g, users, allowance) => {
    expect(removalAllowance(g, users)).toBe(allowance);
  });
});

describe("the outbound policy settings", () => {
  it.each([
    ["empty body: defaults", {}, true],
    ["limits set", { maxConcurrentRequests: 4, maxRequestsPerSecond: 50 }, true],
    ["fractional rate", { maxRequestsPerSecond: 0.5 }, true],
    ["no limits", { maxConcurrentRequests: null, maxRequestsPerSecond: null }, true],
    ["guard by percentage", { deletionGuard: { enabled: true, threshold: 20, thresholdType: "percentage", windowMinutes: 10 } }, true],
    ["zero concurrency", { maxConcurrentRequests: 0 }, false],
    ["fractional concurrency", { maxConcurrentRequests: 1.5 }, false],
    ["negative rate", { maxRequestsPerSecond: -1 }, false],
    ["rate as text", { maxRequestsPerSecond: "50" }, false],
    ["percentage over 100", { deletionGuard: { enabled: true, threshold: 150, thresholdType: "percentage" } }, false],
    ["zero threshold", { deletionGuard: { enabled: true, threshold: 0 } }, false],
    ["zero-minute window", { deletionGuard: { enabled: true, threshold: 5, windowMinutes: 0 } }, false],
    ["unknown threshold type", { deletionGuard: { enabled: true, threshold: 5, thresholdType: "ratio" } }, false],
  ])("%s", (_, body, valid) => {
    expect(outboundPolicySchema.safeParse(body).success).toBe(valid);
  });

  it("reads a stored value leniently: unreadable text gives the defaults", () => {
    expect(storedPolicy("not json")).toEqual(DEFAULT_OUTBOUND_POLICY);
    expect(storedPolicy('{"maxRequestsPerSecond": -3}')).toEqual(DEFAULT_OUTBOUND_POLICY);
    expect(storedPolicy('{"maxRequestsPerSecond": 50}').maxRequestsPerSecond).toBe(50);
    expect(DEFAULT_OUTBOUND_POLICY).toEqual({
      maxConcurrentRequests: null,
      maxRequestsPerSecond: null,
      deletionGuard: { enabled: false, threshold: 100, thresholdType: "count", windowMinutes: 10 },
      deprovision: "delete",
    });
    // a policy stored before users leaving scope could be kept deactivated reads as deleting them
    expect(storedPolicy('{"maxRequestsPerSecond": 50, "deletionGuard": {"enabled": true}}').deprovision).toBe("delete");
    expect(storedPolicy('{"deprovision": "deactivate"}').deprovision).toBe("deactivate");
    expect(storedPolicy('{"deprovision": "archive"}')).toEqual(DEFAULT_OUTBOUND_POLICY);
  });
});
