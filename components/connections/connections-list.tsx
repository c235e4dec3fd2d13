"use client";

import Link from "next/link";
import { useState } from "react";
import { Input, PageHeader } from "@/components/ui/controls";
import { matchingItems } from "@/lib/console/name-filter";
import { connectorLabel, useConnections, useConnectorTypes } from "./hooks";
import { DataTable } from "@/components/ui/data-table";
import { HealthState } from "@/components/provisioning/health-state";
import { useProvisioningHealth } from "@/components/provisioning/use-health";

export function ConnectionsList() {
  const { data, isLoading, error } = useConnections();
  const types = useConnectorTypes();
  const health = useProvisioningHealth();
  const healthOf = new Map(health.data?.connections.map((h) => [h.connectionId, h]));
  const [search, setSearch] = useState("");
  const shown = data && matchingItems(data, search, (c) => [c.name, c.description, ...c.connectors.map((k) => connectorLabel(types.data, k.type))]);
  return (
    <>
      <PageHeader
        title="Connections"
        description="Identity providers and other systems. Users can sign in through them (OpenID Connect, with Just-in-Time provisioning), and their outbound provisioning connectors receive the users and groups of this server."
        actions={
          <Link href="/connections/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New connection
          </Link>
        }
      />
      <Input type="search" className="mb-4 max-w-sm" placeholder="Name, description or connector type" aria-label="Search connections" value={search} onChange={(e) => setSearch(e.target.value)} />
      <DataTable
        label="Connections"
        columns={["Name", "Description", "Sign-in", "Outbound connectors", "Provisioning"]}
        loading={isLoading}
        error={error}
        empty={shown?.length === 0 && (data?.length ? `No connection matches "${search.trim()}".` : "No connections yet.")}
      >
        {shown?.map((c) => (
          <tr key={c.id} className="hover:bg-slate-50">
            <td className="px-4 py-2">
              <Link href={`/connections/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="px-4 py-2 text-slate-600">{c.description || "—"}</td>
            <td className="px-4 py-2">{c.federatedSignIn ? "OpenID Connect" : <span className="text-slate-500">None</span>}</td>
            <td className="px-4 py-2">
              {c.connectors.length ? c.connectors.map((k) => `${connectorLabel(types.data, k.type)}${k.enabled ? "" : " (disabled)"}`).join(", ") : <span className="text-slate-500">None</span>}
            </td>
            <td className="px-4 py-2">
              {health.isLoading && c.connectors.length > 0 ? <span className="text-slate-500">…</span> : <HealthState health={healthOf.get(c.id)} connectionEnabled={c.enabled} />}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
