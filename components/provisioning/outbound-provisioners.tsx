"use client";

import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "@/components/api";
import { Button, Field, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { connectorLabel, useConnections, useConnectorTypes, type ConnectionView } from "@/components/connections/hooks";
import type { ProvisionerView } from "@/lib/provisioning/provisioners";
import { DataTable } from "@/components/ui/data-table";

const provisionerFormSchema = z
  .object({
    connectionId: z.string(),
    connectorId: z.string().min(1, "Choose a connector"),
    blocking: z.boolean(),
    rulesEnabled: z.boolean(),
    rule: z.string().max(4096, "At most 4096 characters"),
    jitEnabled: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.rulesEnabled && !v.rule.trim()) ctx.addIssue({ code: "custom", path: ["rule"], message: "Enter the rule users must match" });
  });
type ProvisionerFormValues = z.infer<typeof provisionerFormSchema>;

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

/**
 * WSO2's "Outbound Provisioning Configuration" of one service provider ("resident" or an application's id):
 * the connectors its changes are provisioned to, each with blocking, rules and JIT settings. `endpoint` is the
 * admin API's resource for them: the resident application's, or the application's.
 */
export function OutboundProvisioners({ serviceProviderId, endpoint, description }: { serviceProviderId: string; endpoint: string; description: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const queryKey = ["provisioners", serviceProviderId];
  const provisioners = useQuery({ queryKey, queryFn: () => api<ProvisionerView[]>(endpoint) });
  const connections = useConnections();
  const types = useConnectorTypes();
  const [editing, setEditing] = useState<string | "new">();
  const [removing, setRemoving] = useState<string>();

  const remove = async (p: ProvisionerView) => {
    try {
      await api(`${endpoint}/${p.id}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey });
      toast("success", `Provisioning to ${p.connectionName} removed`);
    } catch (err) {
      toast("error", (err as Error).message);
    }
    setRemoving(undefined);
  };

  const used = new Set((provisioners.data ?? []).map((p) => p.connectorId));
  const current = editing && editing !== "new" ? provisioners.data?.find((p) => p.id === editing) : undefined;

  return (
    <section aria-labelledby={`outbound-heading-${serviceProviderId}`} className="space-y-3">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h2 id={`outbound-heading-${serviceProviderId}`} className="text-lg font-semibold">
            Outbound Provisioning Configuration
          </h2>
          <p className="max-w-2xl text-sm text-slate-600">{description}</p>
        </div>
        <Button onClick={() => setEditing("new")} disabled={editing === "new"}>
          New provisioner
        </Button>
      </div>
      <DataTable
        label="Outbound provisioners"
        className="max-w-4xl"
        columns={["Connection", "Connector", "Blocking", "Rule", "JIT", { label: "Actions", align: "right" }]}
        loading={provisioners.isLoading}
        error={provisioners.error}
        empty={provisioners.data?.length === 0 && "Changes are not provisioned to any connection."}
      >
        {provisioners.data?.map((p) => (
          <tr key={p.id}>
            <td className="px-4 py-2">
              <Link href={`/connections/${p.connectionId}`} className="font-medium text-brand-700 hover:underline">
                {p.connectionName}
              </Link>
            </td>
            <td className="px-4 py-2">{connectorLabel(types.data, p.connectorType)}</td>
            <td className="px-4 py-2">{p.blocking ? "Yes" : "No"}</td>
            <td className="px-4 py-2 font-mono text-xs">{p.rulesEnabled ? p.rule : <span className="font-sans text-slate-500">All users</span>}</td>
            <td className="px-4 py-2">{p.jitEnabled ? "Yes" : "No"}</td>
            <td className="px-4 py-2">
              <div className="flex justify-end gap-2">
                <Button variant="secondary" aria-label={`Edit provisioning to ${p.connectionName}`} onClick={() => setEditing(p.id)}>
                  Edit
                </Button>
                {removing === p.id ? (
                  <>
                    <Button variant="danger" onClick={() => void remove(p)}>
                      Confirm remove
                    </Button>
                    <Button variant="secondary" onClick={() => setRemoving(undefined)}>
                      Cancel
                    </Button>
                  </>
                ) : (
                  <Button variant="danger" aria-label={`Remove provisioning to ${p.connectionName}`} onClick={() => setRemoving(p.id)}>
                    Remove
                  </Button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      {editing && (editing === "new" || current) && connections.data && (
        <ProvisionerForm
          key={editing}
          endpoint={endpoint}
          current={current}
          connections={connections.data}
          used={used}
          labelOf={(type) => connectorLabel(types.data, type)}
          onDone={async (message) => {
            await queryClient.invalidateQueries({ queryKey });
            toast("success", message);
            setEditing(undefined);
          }}
          onCancel={() => setEditing(undefined)}
        />
      )}
    </section>
  );
}

function ProvisionerForm({
  endpoint,
  current,
  connections,
  used,
  labelOf,
  onDone,
  onCancel,
}: {
  endpoint: string;
  current?: ProvisionerView;
  connections: ConnectionView[];
  used: Set<string>;
  labelOf: (type: string) => string;
  onDone: (message: string) => Promise<void>;
  onCancel: () => void;
}) {
  // a new provisioner offers the connectors this service provider does not use yet
  const choices = connections.filter((c) => c.connectors.some((k) => !used.has(k.id)));
  const first = choices[0];
  const { register, handleSubmit, formState, setError, watch, setValue } = useForm<ProvisionerFormValues>({
    resolver: zodResolver(provisionerFormSchema),
    defaultValues: current
      ? {
          connectionId: current.connectionId,
          connectorId: current.connectorId,
          blocking: current.blocking,
          rulesEnabled: current.rulesEnabled,
          rule: current.rule ?? "",
          jitEnabled: current.jitEnabled,
        }
      : { connectionId: first?.id ?? "", connectorId: first?.connectors.find((k) => !used.has(k.id))?.id ?? "", blocking: false, rulesEnabled: false, rule: "", jitEnabled: true },
  });
  const errors = formState.errors;
  const connectionId = watch("connectionId");
  const rulesEnabled = watch("rulesEnabled");
  const connection = connections.find((c) => c.id === connectionId);
  const connectors = (connection?.connectors ?? []).filter((k) => !used.has(k.id));

  const submit = handleSubmit(async (v) => {
    const body = { blocking: v.blocking, rulesEnabled: v.rulesEnabled, rule: v.rule.trim() || null, jitEnabled: v.jitEnabled };
    try {
      if (current) {
        await api(`${endpoint}/${current.id}`, { method: "PUT", json: body });
        await onDone(`Provisioning to ${current.connectionName} saved`);
      } else {
        await api(endpoint, { method: "POST", json: { ...body, connectorId: v.connectorId } });
        await onDone(`Provisioning to ${connection?.name ?? "the connection"} added`);
      }
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.fieldErrors : {};
      if (fieldErrors.rule) setError("rule", { message: fieldErrors.rule });
      else if (fieldErrors.connectorId) setError("connectorId", { message: fieldErrors.connectorId });
      else setError("root", { message: (err as Error).message });
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={current ? "Edit provisioner" : "New provisioner"} className="max-w-2xl space-y-4 rounded-lg border border-brand-200 bg-white p-6 shadow-sm">
      <h3 className="text-base font-semibold">{current ? `Provisioning to ${current.connectionName}` : "New provisioner"}</h3>
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      {current ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-500">Connection</dt>
          <dd>{current.connectionName}</dd>
          <dt className="text-slate-500">Connector</dt>
          <dd>{labelOf(current.connectorType)}</dd>
        </dl>
      ) : choices.length === 0 ? (
        <p className="text-sm text-slate-600">
          No connector is available. Add an outbound connector to a{" "}
          <Link href="/connections" className="text-brand-700 hover:underline">
            connection
          </Link>{" "}
          first.
        </p>
      ) : (
        <div className="grid grid-cols-2 gap-4">
          <Field label="Connection" htmlFor="provisioner-connection">
            <Select
              id="provisioner-connection"
              {...register("connectionId", {
                onChange: (e) => setValue("connectorId", connections.find((c) => c.id === e.target.value)?.connectors.find((k) => !used.has(k.id))?.id ?? ""),
              })}
            >
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.enabled ? "" : " (disabled)"}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Connector" htmlFor="provisioner-connector" error={errors.connectorId?.message}>
            <Select id="provisioner-connector" aria-invalid={!!errors.connectorId} {...register("connectorId")}>
              {connectors.map((k) => (
                <option key={k.id} value={k.id}>
                  {labelOf(k.type)}
                  {k.enabled ? "" : " (disabled)"}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" {...register("blocking")} /> Blocking
        </label>
        <p className="pl-6 text-xs text-slate-500">The change waits for this connection to answer, and a failure is reported to whoever made it.</p>
      </div>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" {...register("rulesEnabled")} /> Enable rules
        </label>
        <p className="pl-6 text-xs text-slate-500">Provision only users matching a SCIM filter.</p>
      </div>
      {rulesEnabled && (
        <Field label="Rule" htmlFor="provisioner-rule" error={errors.rule?.message} hint='A SCIM filter, e.g. department eq "Engineering" and active eq true'>
          <textarea id="provisioner-rule" rows={2} className={textareaClass} aria-invalid={!!errors.rule} {...register("rule")} />
        </Field>
      )}
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" {...register("jitEnabled")} /> Enable JIT
        </label>
        <p className="pl-6 text-xs text-slate-500">Also provision users created just in time at federated sign-in.</p>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting || (!current && choices.length === 0)}>
          {current ? "Save provisioner" : "Add provisioner"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
