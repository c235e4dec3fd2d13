"use client";

import { Tabs } from "@/components/ui/tabs";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { AttributeMappings } from "./attribute-mappings";
import { ConnectionForm } from "./connection-form";
import { useRoleOptions, type ConnectionDetailView, type ConnectionView } from "./hooks";
import { JitProvisioning } from "./jit-provisioning";
import { OidcSettings } from "./oidc-settings";
import { HeldDeletes } from "./held-deletes";
import { OutboundAdvanced } from "./outbound-advanced";
import { OutboundConnectors } from "./outbound-connectors";
import { usePageTitle } from "@/components/ui/use-page-title";

// WSO2 IS 7's tabs of a connection, and the roles its outbound provisioning may be limited to
const TABS = [
  { id: "general", label: "General" },
  { id: "settings", label: "Settings" },
  { id: "attributes", label: "Attributes" },
  { id: "outbound", label: "Outbound Provisioning" },
  { id: "jit", label: "Just-in-Time Provisioning" },
  { id: "roles", label: "Provisioning roles" },
] as const;
type Tab = (typeof TABS)[number]["id"];

export function ConnectionDetail({ id }: { id: string }) {
  const [tab, setTab] = useState<Tab>("general");
  const { data: connection, error, isLoading } = useQuery({ queryKey: ["connection", id], queryFn: () => api<ConnectionDetailView>(`${ADMIN_API}/identity-providers/${id}`) });
  usePageTitle(connection?.name, "Connections");

  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !connection)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message ?? "Connection not found"}
      </p>
    );

  return (
    <>
      <PageHeader
        title={connection.name}
        description={`${connection.enabled ? "Enabled" : "Disabled"}${connection.federatedSignIn ? " · OpenID Connect sign-in" : ""} · ${connection.connectors.length} outbound connector${connection.connectors.length === 1 ? "" : "s"} · created ${new Date(connection.createdAt).toLocaleString()}`}
      />
      <HeldDeletes connectionId={connection.id} connectionName={connection.name} />
      <Tabs label="Connection settings" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === "general" && <GeneralTab connection={connection} />}
        {/* keyed by version: a save reads the connection again, and the form starts over from what was stored */}
        {tab === "settings" && <OidcSettings key={connection.version} connection={connection} />}
        {tab === "attributes" && <AttributeMappings key={connection.version} connection={connection} />}
        {tab === "outbound" && (
          <div className="space-y-6">
            <OutboundConnectors connection={connection} />
            <OutboundAdvanced connectionId={connection.id} />
          </div>
        )}
        {tab === "jit" && <JitProvisioning key={connection.version} connection={connection} />}
        {tab === "roles" && <ProvisioningRoles key={connection.version + connection.provisioningRoles.map((r) => r.id).join()} connection={connection} />}
      </Tabs>
    </>
  );
}

function GeneralTab({ connection }: { connection: ConnectionDetailView }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);

  const remove = async () => {
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["connections"] });
      toast("success", `Connection ${connection.name} deleted`);
      router.push("/connections");
    } catch (err) {
      toast("error", (err as Error).message);
      setConfirming(false);
    }
  };

  return (
    <div className="space-y-6">
      <ConnectionForm
        key={connection.version}
        mode="edit"
        initial={connection}
        onSubmit={async (body) => {
          const saved = await api<ConnectionDetailView>(`${ADMIN_API}/identity-providers/${connection.id}`, { method: "PUT", json: body });
          queryClient.setQueryData(["connection", connection.id], saved);
          await queryClient.invalidateQueries({ queryKey: ["connections"] });
          toast("success", "Changes saved");
        }}
      />
      <section aria-label="Danger zone" className="max-w-2xl rounded-lg border border-red-200 bg-white p-6">
        <h2 className="text-sm font-semibold text-red-700">Delete connection</h2>
        <p className="mb-3 text-sm text-slate-600">Its connectors, the provisioners that use them and their undelivered changes are deleted too. This cannot be undone.</p>
        <div className="flex gap-2">
          {confirming ? (
            <>
              <Button variant="danger" onClick={remove}>
                Confirm delete
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete connection
            </Button>
          )}
        </div>
      </section>
    </div>
  );
}

function ProvisioningRoles({ connection }: { connection: ConnectionView }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const roles = useRoleOptions();
  const [selected, setSelected] = useState<Set<string>>(() => new Set(connection.provisioningRoles.map((r) => r.id)));
  const [saving, setSaving] = useState(false);

  const save = async () => {
    setSaving(true);
    try {
      const provisioningRoles = await api<ConnectionView["provisioningRoles"]>(`${ADMIN_API}/identity-providers/${connection.id}/provisioning-roles`, {
        method: "PUT",
        json: { roleIds: [...selected] },
      });
      queryClient.setQueryData(["connection", connection.id], { ...connection, provisioningRoles });
      toast("success", "Provisioning roles saved");
    } catch (err) {
      toast("error", (err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <p className="text-sm text-slate-600">
        Only users holding one of these roles, directly or through a group, are provisioned to this connection. Users losing their last one are removed from it. With none selected, every user is
        provisioned.
      </p>
      {roles.isLoading && <p className="text-slate-500">Loading…</p>}
      {roles.error && (
        <p role="alert" className="text-red-600">
          {(roles.error as Error).message}
        </p>
      )}
      {roles.data && (
        <fieldset className="space-y-1">
          <legend className="mb-2 text-sm font-medium text-slate-700">Provisioning roles</legend>
          {roles.data.length === 0 && <p className="text-sm text-slate-500">There are no roles yet.</p>}
          <div className="max-h-72 space-y-1 overflow-y-auto">
            {roles.data.map((r) => (
              <label key={r.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={selected.has(r.id)}
                  onChange={(e) =>
                    setSelected((s) => {
                      const next = new Set(s);
                      if (e.target.checked) next.add(r.id);
                      else next.delete(r.id);
                      return next;
                    })
                  }
                />
                {r.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <Button onClick={save} disabled={saving || !roles.data}>
        Save roles
      </Button>
    </div>
  );
}
