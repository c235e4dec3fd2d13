"use client";

import Link from "next/link";
import { Input, PageHeader, Pager } from "@/components/ui/controls";
import { useSearchedPage } from "@/components/ui/use-searched-page";
import type { GroupView } from "@/lib/identity/groups/group-view";
import { DataTable } from "@/components/ui/data-table";

const PAGE = 20;

export function GroupsList() {
  const { search, setSearch, term, setStartIndex, data, isLoading, error } = useSearchedPage<GroupView>("groups", PAGE);
  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups of users in each user store."
        actions={
          <Link href="/groups/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New group
          </Link>
        }
      />
      <div className="mb-4 max-w-sm">
        <Input type="search" placeholder="Search by group name" aria-label="Search groups" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <DataTable
        columns={["Group", "User store", "Members"]}
        footer={data && <Pager startIndex={data.startIndex} count={PAGE} total={data.totalResults} onPage={setStartIndex} />}
        loading={isLoading}
        error={error}
        empty={data?.items.length === 0 && (term ? `No group matches "${term}".` : "No groups yet.")}
      >
        {data?.items.map((g) => (
          <tr key={g.id} className="hover:bg-slate-50">
            <td className="px-4 py-2">
              <Link href={`/groups/${g.id}`} className="font-medium text-brand-700 hover:underline">
                {g.displayName}
              </Link>
            </td>
            <td className="px-4 py-2">{g.domain}</td>
            <td className="px-4 py-2">{g.memberCount}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
