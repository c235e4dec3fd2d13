import { describe, expect, it } from "vitest";
import { DEFAULT_OUTBOUND_POLICY } from "@/lib/provisioning/outbound-policy";
import { outboundPolicyFormSchema, policyToBody, policyToForm, type OutboundPolicyForm } from "./outbound-policy-form";

const form = (f: Partial<OutboundPolicyForm>): OutboundPolicyForm => ({ ...policyToForm(DEFAULT_OUTBOUND_POLICY), ...f });

describe("the outbound Advanced settings form", () => {
  it("round-trips the stored settings", () => {
    const policy = {
      maxConcurrentRequests: 4,
      maxRequestsPerSecond: 2.5,
      deletionGuard: { enabled: true, threshold: 20, thresholdType: "percentage" as const, windowMinutes: 15 },
      deprovision: "deactivate" as const,
    };
    expect(policyToBody(policyToForm(policy))).toEqual(policy);
    expect(policyToForm(DEFAULT_OUTBOUND_POLICY)).toEqual({
      maxConcurrentRequests: "",
      maxRequestsPerSecond: "",
      guardEnabled: false,
      threshold: "100",
      thresholdType: "count",
      windowMinutes: "10",
      deprovision: "delete",
    });
  });

  it.each([
    ["empty limits mean no limit", {}, {}],
    ["limits set", { maxConcurrentRequests: "4", maxRequestsPerSecond: " 50 " }, {}],
    ["concurrency of zero", { maxConcurrentRequests: "0" }, { maxConcurrentRequests: "Must be at least 1" }],
    ["text for a rate", { maxRequestsPerSecond: "fast" }, { maxRequestsPerSecond: "Enter a number" }],
    ["percentage over 100", { guardEnabled: true, threshold: "150", thresholdType: "percentage" as const }, { threshold: "A percentage threshold must be at most 100" }],
    ["empty threshold", { guardEnabled: true, threshold: "" }, { threshold: "Enter a number" }],
    ["window of zero minutes", { guardEnabled: true, windowMinutes: "0" }, { windowMinutes: "Window must be at least 1 minute" }],
  ])("%s", (_, values, errors) => {
    const result = outboundPolicyFormSchema.safeParse(form(values));
    const found = Object.fromEntries((result.success ? [] : result.error.issues).map((i) => [String(i.path[0]), i.message]));
    expect(found).toEqual(errors);
  });
});
