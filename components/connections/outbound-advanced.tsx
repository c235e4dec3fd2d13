"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { formFieldOf, outboundPolicyFormSchema, policyToBody, policyToForm, type OutboundPolicyForm } from "@/lib/console/outbound-policy-form";
import type { OutboundPolicy } from "@/lib/provisioning/outbound-policy";
import { FormAlert } from "./federation-part";

export const policyKey = (connectionId: string) => ["outbound-policy", connectionId];

/** The Outbound Provisioning tab's Advanced settings: request limits and the deletion guard. */
export function OutboundAdvanced({ connectionId }: { connectionId: string }) {
  const policy = useQuery({ queryKey: policyKey(connectionId), queryFn: () => api<OutboundPolicy>(`${ADMIN_API}/identity-providers/${connectionId}/provisioning/outbound-policy`) });
  if (policy.isLoading) return <p className="text-slate-500">Loading…</p>;
  if (policy.error || !policy.data)
    return (
      <p role="alert" className="text-red-600">
        {(policy.error as Error)?.message ?? "The advanced settings could not be read"}
      </p>
    );
  return <AdvancedForm key={JSON.stringify(policy.data)} connectionId={connectionId} policy={policy.data} />;
}

function AdvancedForm({ connectionId, policy }: { connectionId: string; policy: OutboundPolicy }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState, setError, watch } = useForm<OutboundPolicyForm>({ resolver: zodResolver(outboundPolicyFormSchema), defaultValues: policyToForm(policy) });
  const errors = formState.errors;
  const percentage = watch("thresholdType") === "percentage";

  const submit = handleSubmit(async (form) => {
    try {
      const saved = await api<OutboundPolicy>(`${ADMIN_API}/identity-providers/${connectionId}/provisioning/outbound-policy`, { method: "PUT", json: policyToBody(form) });
      queryClient.setQueryData(policyKey(connectionId), saved);
      toast("success", "Advanced settings saved");
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? Object.entries(err.fieldErrors) : [];
      for (const [apiField, message] of fieldErrors) setError(formFieldOf(apiField) ?? "root", { message });
      if (!fieldErrors.length) setError("root", { message: (err as Error).message });
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Advanced settings" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Advanced settings</h2>
        <p className="text-sm text-slate-600">
          How hard Provisio may drive this connection&apos;s target, and when it stops to ask before removing users there. Limits apply to each Provisio instance on its own; a target that answers 429
          or 503 with Retry-After is left alone that long by every instance.
        </p>
      </div>
      <FormAlert message={errors.root?.message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Maximum concurrent requests" htmlFor="policy-maxConcurrentRequests" error={errors.maxConcurrentRequests?.message} hint="Empty: no limit.">
          <Input id="policy-maxConcurrentRequests" inputMode="numeric" aria-invalid={!!errors.maxConcurrentRequests} {...register("maxConcurrentRequests")} />
        </Field>
        <Field label="Maximum requests per second" htmlFor="policy-maxRequestsPerSecond" error={errors.maxRequestsPerSecond?.message} hint="Empty: no limit.">
          <Input id="policy-maxRequestsPerSecond" inputMode="decimal" aria-invalid={!!errors.maxRequestsPerSecond} {...register("maxRequestsPerSecond")} />
        </Field>
      </div>
      <Field
        label="When a user leaves this connection's scope"
        htmlFor="policy-deprovision"
        error={errors.deprovision?.message}
        hint="A provisioning role revoked or a rule no longer matching. Users deleted here are always deleted there."
      >
        <Select id="policy-deprovision" className="max-w-md" {...register("deprovision")}>
          <option value="delete">Delete the user at the target</option>
          <option value="deactivate">Keep the user at the target, deactivated</option>
        </Select>
      </Field>

      <fieldset className="space-y-3">
        <legend className="mb-1 text-sm font-medium text-slate-700">Deletion guard</legend>
        <div className="space-y-1">
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input type="checkbox" role="switch" aria-describedby="policy-guard-help" {...register("guardEnabled")} /> Hold bulk deletes for approval
          </label>
          <p id="policy-guard-help" className="pl-6 text-xs text-slate-500">
            Past the threshold within the window, deletes and deactivations for this connection are held, not sent, until an administrator approves or discards them. Creates and updates continue.
          </p>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field
            label="Delete threshold"
            htmlFor="policy-threshold"
            error={errors.threshold?.message}
            hint={percentage ? "Percent of the users provisioned to this connection." : "Deletes let through."}
          >
            <Input id="policy-threshold" inputMode="numeric" aria-invalid={!!errors.threshold} {...register("threshold")} />
          </Field>
          <Field label="Threshold type" htmlFor="policy-thresholdType" error={errors.thresholdType?.message}>
            <Select id="policy-thresholdType" {...register("thresholdType")}>
              <option value="count">Number of users</option>
              <option value="percentage">Percentage of provisioned users</option>
            </Select>
          </Field>
          <Field label="Window (minutes)" htmlFor="policy-windowMinutes" error={errors.windowMinutes?.message}>
            <Input id="policy-windowMinutes" inputMode="numeric" aria-invalid={!!errors.windowMinutes} {...register("windowMinutes")} />
          </Field>
        </div>
      </fieldset>
      <Button type="submit" disabled={formState.isSubmitting}>
        Save advanced settings
      </Button>
    </form>
  );
}
