"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Input, PageHeader } from "@/components/ui/controls";
import { matchingItems } from "@/lib/console/name-filter";
import type { ApplicationView } from "@/lib/identity/applications";
import { DataTable } from "@/components/ui/data-table";

export const kindLabel = (kind: ApplicationView["kind"]) => (kind === "m2m" ? "Machine-to-machine" : kind === "web" ? "Web application" : "Resident");

export function ApplicationsList() {
  const { data, isLoading, error } = useQuery({ queryKey: ["applications"], queryFn: () => api<ApplicationView[]>(`${ADMIN_API}/applications`) });
  const [search, setSearch] = useState("");
  const shown = data && matchingItems(data, search, (a) => [a.name, a.clientId, kindLabel(a.kind)]);
  return (
    <>
      <PageHeader
        title="Applications"
        description="OAuth 2.0 clients: services calling the SCIM and admin APIs with their own credentials, and web applications signing users in."
        actions={
          <Link href="/applications/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New application
          </Link>
        }
      />
      <Input type="search" className="mb-4 max-w-sm" placeholder="Name, type or client ID" aria-label="Search applications" value={search} onChange={(e) => setSearch(e.target.value)} />
      <DataTable
        label="Applications"
        columns={["Name", "Type", "Client ID"]}
        loading={isLoading}
        error={error}
        empty={shown?.length === 0 && (data?.length ? `No application matches "${search.trim()}".` : "No applications yet.")}
      >
        {shown?.map((a) => (
          <tr key={a.id} className="hover:bg-slate-50">
            <td className="px-4 py-2">
              <Link href={`/applications/${a.id}`} className="font-medium text-brand-700 hover:underline">
                {a.name}
              </Link>
            </td>
            <td className="px-4 py-2">{kindLabel(a.kind)}</td>
            <td className="px-4 py-2 font-mono text-xs">{a.clientId ?? "—"}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
