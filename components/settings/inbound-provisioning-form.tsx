"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/components/api";
import { Button, Field, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useUserStores } from "@/components/users/use-user-stores";

const inboundFormSchema = z.object({
  userStore: z.string().min(1, "Choose a user store"),
  proxyMode: z.boolean(),
});
type InboundValues = z.infer<typeof inboundFormSchema>;

/**
 * Inbound provisioning of one service provider (an application or the resident one): where users and groups
 * created through it go. `endpoint` answers GET and PUT with {userStore, proxyMode}.
 */
export function InboundProvisioningForm({ endpoint, queryKey }: { endpoint: string; queryKey: readonly unknown[] }) {
  const settings = useQuery({ queryKey, queryFn: () => api<InboundValues>(endpoint) });
  if (settings.isLoading) return <p className="text-slate-500">Loading…</p>;
  if (settings.error || !settings.data)
    return (
      <p role="alert" className="text-red-600">
        {(settings.error as Error)?.message ?? "Settings not found"}
      </p>
    );
  return <InboundForm key={JSON.stringify(settings.data)} endpoint={endpoint} queryKey={queryKey} initial={settings.data} />;
}

function InboundForm({ endpoint, queryKey, initial }: { endpoint: string; queryKey: readonly unknown[]; initial: InboundValues }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const stores = useUserStores();
  const { register, handleSubmit, formState, setError } = useForm<InboundValues>({ resolver: zodResolver(inboundFormSchema), defaultValues: initial });
  const errors = formState.errors;

  const submit = handleSubmit(async (values) => {
    try {
      const saved = await api<InboundValues>(endpoint, { method: "PUT", json: values });
      queryClient.setQueryData(queryKey, saved);
      toast("success", "Provisioning settings saved");
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.userStore : undefined;
      setError(fieldError ? "userStore" : "root", { message: fieldError ?? (err as Error).message });
    }
  });

  // A store deleted since the setting was saved still shows, so the form never silently proposes another one.
  const domains = [...new Set([...(stores.data ?? []).map((s) => s.domain), initial.userStore])];

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <Field label="Provisioning user store" htmlFor="userStore" error={errors.userStore?.message} hint="Users and groups created without a DOMAIN/ prefix in their name are stored here.">
        <Select id="userStore" aria-invalid={!!errors.userStore} {...register("userStore")}>
          {domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </Field>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" aria-describedby="proxyMode-help" {...register("proxyMode")} /> Proxy mode
        </label>
        <p id="proxyMode-help" className="pl-6 text-xs text-slate-500">
          Do not persist users locally; only provision them to outbound connections.
        </p>
      </div>
      <Button type="submit" disabled={formState.isSubmitting}>
        Save
      </Button>
    </form>
  );
}
