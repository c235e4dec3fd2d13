"use client";

import Link from "next/link";
import { Input, PageHeader, Pager } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { useSearchedPage } from "@/components/ui/use-searched-page";
import type { RoleSummary } from "./hooks";

const PAGE = 20;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function RolesList() {
  const { search, setSearch, term, setStartIndex, data, isLoading, error } = useSearchedPage<RoleSummary>("roles", PAGE);
  return (
    <>
      <PageHeader
        title="Roles"
        description="Roles grant permissions to the users and groups they are assigned to."
        actions={
          <Link href="/roles/new" className="whitespace-nowrap rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New role
          </Link>
        }
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by role name" aria-label="Search roles" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <DataTable
        label="Roles"
        columns={["Role", "Description", "Permissions", "Assigned to"]}
        footer={data && <Pager startIndex={data.startIndex} count={PAGE} total={data.totalResults} onPage={setStartIndex} />}
        loading={isLoading}
        error={error}
        empty={
          data?.items.length === 0 &&
          (term ? `No role matches "${term}". Check the spelling, or create it with New role.` : "No roles yet. Create one with New role, then assign it to users or groups.")
        }
      >
        {data?.items.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50">
            <td className="px-4 py-2">
              <Link href={`/roles/${r.id}`} className="font-medium text-brand-700 hover:underline">
                {r.name}
              </Link>
            </td>
            <td className="px-4 py-2 text-slate-600">{r.description}</td>
            <td className="px-4 py-2">{r.permissionCount}</td>
            <td className="px-4 py-2">
              {plural(r.userCount, "user")} · {plural(r.groupCount, "group")}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
