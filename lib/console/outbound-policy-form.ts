import { z } from "zod";
import { outboundPolicySchema, type OutboundPolicy, type OutboundPolicyInput } from "@/lib/provisioning/outbound-policy";

/** The Advanced settings form: number fields as typed (empty means no limit), checked by the API's own schema. */
export interface OutboundPolicyForm {
  maxConcurrentRequests: string;
  maxRequestsPerSecond: string;
  guardEnabled: boolean;
  threshold: string;
  thresholdType: "count" | "percentage";
  windowMinutes: string;
  deprovision: "delete" | "deactivate";
}

const FIELD_OF: Record<string, keyof OutboundPolicyForm> = {
  maxConcurrentRequests: "maxConcurrentRequests",
  maxRequestsPerSecond: "maxRequestsPerSecond",
  "deletionGuard.enabled": "guardEnabled",
  "deletionGuard.threshold": "threshold",
  "deletionGuard.thresholdType": "thresholdType",
  "deletionGuard.windowMinutes": "windowMinutes",
  deprovision: "deprovision",
};

/** The form field an API field's error belongs to ("deletionGuard.threshold" → threshold). */
export const formFieldOf = (apiPath: string): keyof OutboundPolicyForm | undefined => FIELD_OF[apiPath];

const number = (text: string): number | null => (text.trim() === "" ? null : Number(text.trim()));

export function policyToBody(form: OutboundPolicyForm): OutboundPolicyInput {
  return {
    maxConcurrentRequests: number(form.maxConcurrentRequests),
    maxRequestsPerSecond: number(form.maxRequestsPerSecond),
    deletionGuard: {
      enabled: form.guardEnabled,
      threshold: number(form.threshold) ?? Number.NaN,
      thresholdType: form.thresholdType,
      windowMinutes: number(form.windowMinutes) ?? Number.NaN,
    },
    deprovision: form.deprovision,
  };
}

export function policyToForm(policy: OutboundPolicy): OutboundPolicyForm {
  const text = (n: number | null) => (n === null ? "" : String(n));
  return {
    maxConcurrentRequests: text(policy.maxConcurrentRequests),
    maxRequestsPerSecond: text(policy.maxRequestsPerSecond),
    guardEnabled: policy.deletionGuard.enabled,
    threshold: String(policy.deletionGuard.threshold),
    thresholdType: policy.deletionGuard.thresholdType,
    windowMinutes: String(policy.deletionGuard.windowMinutes),
    deprovision: policy.deprovision,
  };
}

/** The form's schema: its values converted, then the admin API's schema, its messages placed on the form's fields. */
export const outboundPolicyFormSchema = z
  .object({
    maxConcurrentRequests: z.string(),
    maxRequestsPerSecond: z.string(),
    guardEnabled: z.boolean(),
    threshold: z.string(),
    thresholdType: z.enum(["count", "percentage"]),
    windowMinutes: z.string(),
    deprovision: z.enum(["delete", "deactivate"]),
  })
  .superRefine((form, ctx) => {
    const parsed = outboundPolicySchema.safeParse(policyToBody(form));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = formFieldOf(issue.path.join("."));
      // NaN is what an empty or non-numeric entry becomes: say so rather than zod's "expected number"
      const message = issue.code === "invalid_type" ? "Enter a number" : issue.message;
      ctx.addIssue({ code: "custom", message, path: field ? [field] : [] });
    }
  });
