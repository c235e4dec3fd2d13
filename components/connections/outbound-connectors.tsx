"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import type { SyncResult } from "@/lib/provisioning/sync";
import { ConnectorEditor, ConnectorWizard } from "./connector-wizard";
import { connectorLabel, useConnectorTypes, type ConnectionView, type ConnectorView } from "./hooks";
import { DataTable } from "@/components/ui/data-table";
import { ConnectionTestReport, useConnectionTest } from "./connection-test";
import { SyncPlan, syncPlanKey } from "./sync-plan";

/** Where a connector sends: SCIM connectors' user endpoint, the one endpoint of others (SPML), the service URL (SOAP) or the login URL (Salesforce). */
function endpointOf(config: Record<string, unknown>): string {
  const url = config.userEndpoint ?? config.endpoint ?? config.serviceUrl ?? config.loginUrl;
  return typeof url === "string" ? url : "—";
}

type Panel = { kind: "add" } | { kind: "edit"; type: string } | { kind: "sync"; type: string } | { kind: "remove"; type: string };

/** The Outbound Provisioning tab of a connection: its connectors, each with a toggle, edit, sync and remove. */
export function OutboundConnectors({ connection }: { connection: ConnectionView }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const types = useConnectorTypes();
  const [panel, setPanel] = useState<Panel>();

  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: ["connection", connection.id] }), queryClient.invalidateQueries({ queryKey: ["connections"] })]);

  // the switch follows the click at once; the stored state replaces it when the change is saved or refused
  const [switching, setSwitching] = useState<Record<string, boolean>>({});
  const toggle = async (c: ConnectorView, enabled: boolean) => {
    setSwitching((s) => ({ ...s, [c.type]: enabled }));
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/connectors/${c.type}`, { method: "PATCH", json: { enabled } });
      await refresh();
      toast("success", `${connectorLabel(types.data, c.type)} connector ${enabled ? "enabled" : "disabled"}`);
    } catch (err) {
      toast("error", (err as Error).message);
    } finally {
      setSwitching(({ [c.type]: _done, ...rest }) => rest);
    }
  };

  const remove = async (type: string) => {
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/connectors/${type}`, { method: "DELETE" });
      await refresh();
      toast("success", `${connectorLabel(types.data, type)} connector removed`);
    } catch (err) {
      toast("error", (err as Error).message);
    }
    setPanel(undefined);
  };

  const editing = panel?.kind === "edit" ? connection.connectors.find((c) => c.type === panel.type) : undefined;
  const editingInfo = editing ? types.data?.find((t) => t.type === editing.type) : undefined;

  return (
    <div className="space-y-4">
      <div className="flex items-start justify-between gap-4">
        <p className="max-w-2xl text-sm text-slate-600">
          Connectors deliver users and groups to this connection. Which changes reach them is set per service provider, under Provisioning Settings and on each application.
        </p>
        <Button onClick={() => setPanel({ kind: "add" })} disabled={!types.data || panel?.kind === "add"}>
          Add connector
        </Button>
      </div>
      <DataTable
        label="Outbound connectors"
        columns={["Connector", "Endpoint", "Enabled", { label: "Actions", align: "right" }]}
        empty={connection.connectors.length === 0 && "No outbound connectors yet."}
      >
        {connection.connectors.map((c) => {
          const label = connectorLabel(types.data, c.type);
          return (
            <tr key={c.id}>
              <td className="px-4 py-2 font-medium">{label}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-600">{endpointOf(c.config)}</td>
              <td className="px-4 py-2">
                <label className="inline-flex items-center gap-2">
                  <input
                    type="checkbox"
                    role="switch"
                    aria-label={`Enable ${label} connector`}
                    checked={switching[c.type] ?? c.enabled}
                    disabled={c.type in switching}
                    onChange={(e) => void toggle(c, e.target.checked)}
                  />
                  <span className={(switching[c.type] ?? c.enabled) ? "text-emerald-700" : "text-slate-500"}>{(switching[c.type] ?? c.enabled) ? "Enabled" : "Disabled"}</span>
                </label>
              </td>
              <td className="px-4 py-2">
                <div className="flex justify-end gap-2">
                  <Button variant="secondary" aria-label={`Edit ${label} connector`} onClick={() => setPanel({ kind: "edit", type: c.type })}>
                    Edit
                  </Button>
                  <TestButton connectionId={connection.id} type={c.type} label={label} />
                  <Button variant="secondary" aria-label={`Sync ${label} connector now`} onClick={() => setPanel({ kind: "sync", type: c.type })}>
                    Sync now
                  </Button>
                  {panel?.kind === "remove" && panel.type === c.type ? (
                    <>
                      <Button variant="danger" onClick={() => void remove(c.type)}>
                        Confirm remove
                      </Button>
                      <Button variant="secondary" onClick={() => setPanel(undefined)}>
                        Cancel
                      </Button>
                    </>
                  ) : (
                    <Button variant="danger" aria-label={`Remove ${label} connector`} onClick={() => setPanel({ kind: "remove", type: c.type })}>
                      Remove
                    </Button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {connection.connectors
        .filter((c) => c.connectionTest)
        .map((c) => (
          <section key={c.id} aria-label={`${connectorLabel(types.data, c.type)} capabilities`} className="space-y-2">
            <h3 className="text-sm font-semibold text-slate-700">{connectorLabel(types.data, c.type)}: last connection test</h3>
            <ConnectionTestReport result={c.connectionTest!} title={`${connectorLabel(types.data, c.type)} capabilities`} />
          </section>
        ))}
      {panel?.kind === "add" && types.data && <ConnectorWizard connection={connection} types={types.data} onClose={() => setPanel(undefined)} />}
      {editing && editingInfo && <ConnectorEditor key={editing.id} connection={connection} connector={editing} info={editingInfo} onClose={() => setPanel(undefined)} />}
      {panel?.kind === "sync" && <SyncPanel key={panel.type} connection={connection} type={panel.type} label={connectorLabel(types.data, panel.type)} onClose={() => setPanel(undefined)} />}
    </div>
  );
}

/** Tests the saved settings; the result is kept with the connector and shown below the table. */
function TestButton({ connectionId, type, label }: { connectionId: string; type: string; label: string }) {
  const toast = useToast();
  const test = useConnectionTest(connectionId, type);
  const run = async () => {
    try {
      const outcome = await test.mutateAsync(undefined);
      toast(outcome.ok ? "success" : "error", outcome.message);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };
  return (
    <Button variant="secondary" aria-label={`Test ${label} connection`} disabled={test.isPending} onClick={() => void run()}>
      {test.isPending ? "Testing…" : "Test connection"}
    </Button>
  );
}

function SyncPanel({ connection, type, label, onClose }: { connection: ConnectionView; type: string; label: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [previewing, setPreviewing] = useState(false);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<SyncResult>();
  const [error, setError] = useState<string>();

  const run = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setResult(await api<SyncResult>(`${ADMIN_API}/identity-providers/${connection.id}/sync`, { method: "POST", json: { connectorType: type, dryRun: false } }));
      setPreviewing(false);
      await queryClient.invalidateQueries({ queryKey: syncPlanKey(connection.id, type) });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setRunning(false);
    }
  };

  return (
    <section aria-labelledby="sync-title" className="max-w-4xl space-y-4 rounded-lg border border-brand-200 bg-white p-6 shadow-sm">
      <div>
        <h3 id="sync-title" className="text-lg font-semibold">
          Sync {label} connector
        </h3>
        <p className="text-sm text-slate-600">
          Sends every user (holding a provisioning role, when the connection has any) and every group: updates for those the target already has, creates for the others, and deletes for users who no
          longer qualify. Preview the changes first to see them object by object.
        </p>
      </div>
      {error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </div>
      )}
      {result && (
        <div role="status" className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
          <p className="mb-2 font-medium">{result.dryRun ? "A sync would queue:" : "Queued for delivery:"}</p>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1" aria-label="Sync counts">
            <dt className="text-slate-500">Create</dt>
            <dd data-testid="sync-create">{result.create}</dd>
            <dt className="text-slate-500">Update</dt>
            <dd data-testid="sync-update">{result.update}</dd>
            <dt className="text-slate-500">Delete</dt>
            <dd data-testid="sync-delete">{result.delete}</dd>
            <dt className="text-slate-500">Total</dt>
            <dd data-testid="sync-total">{result.total}</dd>
            {result.alreadyQueued > 0 && (
              <>
                <dt className="text-slate-500">Already queued</dt>
                <dd>{result.alreadyQueued}</dd>
              </>
            )}
          </dl>
          {result.failed > 0 && (
            <div className="mt-3 text-red-700">
              <p>{result.failed} could not be queued:</p>
              <ul className="list-disc pl-5">
                {result.errors.map((e) => (
                  <li key={`${e.entityType}:${e.entityId}`}>
                    {e.entityType} {e.entityId}: {e.error}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {!result.dryRun && result.total > 0 && <p className="mt-2 text-slate-600">Follow the deliveries on the Provisioning activity page.</p>}
        </div>
      )}
      {previewing && <SyncPlan connectionId={connection.id} type={type} label={label} running={running} onRun={() => void run()} />}
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => (previewing ? void queryClient.invalidateQueries({ queryKey: syncPlanKey(connection.id, type) }) : setPreviewing(true))}>
          {previewing ? "Refresh preview" : "Preview changes"}
        </Button>
        <Button onClick={run} disabled={running}>
          Start sync
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </section>
  );
}
