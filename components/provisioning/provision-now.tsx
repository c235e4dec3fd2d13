"use client";

import { useEffect, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button, Field, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { connectorLabel, useConnections, useConnectorTypes } from "@/components/connections/hooks";
import { provisionNowRequest } from "@/lib/admin-api/schemas/provision-now";
import type { ProvisionTrace } from "@/lib/provisioning/provision-trace";
import { ProvisionTraceView } from "./provision-trace-view";

type Values = z.input<typeof provisionNowRequest>;

/** Runs outbound provisioning for this user to one chosen connection now, and shows what happened step by step. */
export function ProvisionNow({ userId }: { userId: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const connections = useConnections();
  const types = useConnectorTypes();
  const [trace, setTrace] = useState<ProvisionTrace>();
  const heading = useRef<HTMLHeadingElement>(null);
  const { register, handleSubmit, formState, setError } = useForm<Values>({ resolver: zodResolver(provisionNowRequest), defaultValues: { connectorId: "" } });
  const { errors, isSubmitting } = formState;

  // the trace replaces the form's focus: keyboard and screen reader users land on its headline
  useEffect(() => {
    if (trace) heading.current?.focus();
  }, [trace]);

  // without permission to see connections, the panel is not offered
  if (connections.error instanceof ApiError && connections.error.status === 403) return null;
  const options = (connections.data ?? []).flatMap((c) =>
    c.connectors.map((k) => ({ id: k.id, label: `${c.name} (${connectorLabel(types.data, k.type)})${c.enabled && k.enabled ? "" : " (disabled)"}` })),
  );

  const submit = handleSubmit(async (values) => {
    try {
      const result = await api<ProvisionTrace>(`${ADMIN_API}/users/${userId}/provision`, { method: "POST", json: values });
      setTrace(result);
      toast(result.outcome === "failed" ? "error" : "success", result.summary);
      await queryClient.invalidateQueries({ queryKey: ["user-provisioning", userId] });
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.connectorId) setError("connectorId", { message: err.fieldErrors.connectorId });
      else setError("root", { message: (err as Error).message });
    }
  });

  return (
    <section aria-labelledby="provision-now-heading" className="mt-8 max-w-4xl space-y-3">
      <h2 id="provision-now-heading" className="text-lg font-semibold">
        Provision now
      </h2>
      <p className="text-sm text-slate-600">Sends this user to one connection at once and shows each step: the scope decision, the mapped attributes, the requests and answers, and the remote id.</p>
      {connections.isSuccess && !options.length ? (
        <p className="text-sm text-slate-500">No connection has an outbound connector.</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="flex flex-wrap items-end gap-3" noValidate>
          <div className="min-w-72 flex-1">
            <Field label="Connection" htmlFor="provision-now-connector" error={errors.connectorId?.message}>
              <Select
                id="provision-now-connector"
                aria-invalid={!!errors.connectorId}
                aria-describedby={errors.connectorId ? "provision-now-connector-error" : undefined}
                disabled={connections.isLoading}
                {...register("connectorId")}
              >
                <option value="">Choose a connection…</option>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? "Provisioning…" : "Provision now"}
          </Button>
        </form>
      )}
      {errors.root?.message && (
        <p role="alert" className="text-sm text-red-700">
          {errors.root.message}
        </p>
      )}
      {trace && <ProvisionTraceView ref={heading} trace={trace} />}
    </section>
  );
}
