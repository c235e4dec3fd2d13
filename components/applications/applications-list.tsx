"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import type { ApplicationView } from "@/lib/identity/applications";
import { DataTable } from "@/components/ui/data-table";

export const kindLabel = (kind: ApplicationView["kind"]) => (kind === "m2m" ? "Machine-to-machine" : kind === "web" ? "Web application" : "Resident");

export function ApplicationsList() {
  const { data, isLoading, error } = useQuery({ queryKey: ["applications"], queryFn: () => api<ApplicationView[]>(`${ADMIN_API}/applications`) });
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
      <DataTable columns={["Name", "Type", "Client ID"]} loading={isLoading} error={error} empty={data?.length === 0 && "No applications yet."}>
        {data?.map((a) => (
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
