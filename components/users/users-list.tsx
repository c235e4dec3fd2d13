"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Input, PageHeader, Pager } from "@/components/ui/controls";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Page } from "@/lib/identity/users/list-users";
import type { UserView } from "@/lib/identity/users/user-view";
import { DataTable } from "@/components/ui/data-table";

const PAGE = 20;

export function UsersList() {
  const [search, setSearch] = useState("");
  const [startIndex, setStartIndex] = useState(1);
  const term = useDebounced(search, 250);
  const { data, isLoading, error } = useQuery({
    queryKey: ["users", term, startIndex],
    queryFn: () => api<Page<UserView>>(`${ADMIN_API}/users?search=${encodeURIComponent(term)}&startIndex=${startIndex}&count=${PAGE}`),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title="Users"
        description="People in every user store. Users created here, over SCIM or by just-in-time provisioning are listed together."
        actions={
          <Link href="/users/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New user
          </Link>
        }
      />
      <div className="mb-4 max-w-sm">
        <Input
          type="search"
          placeholder="Search by user name, display name or email"
          aria-label="Search users"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setStartIndex(1);
          }}
        />
      </div>
      <DataTable
        columns={["User name", "Name", "Email", "User store", "Status"]}
        footer={data && <Pager startIndex={data.startIndex} count={PAGE} total={data.totalResults} onPage={setStartIndex} />}
        loading={isLoading}
        error={error}
        empty={data?.items.length === 0 && (term ? `No user matches "${term}".` : "No users yet.")}
      >
        {data?.items.map((u) => (
          <tr key={u.id} className="hover:bg-slate-50">
            <td className="px-4 py-2">
              <Link href={`/users/${u.id}`} className="font-medium text-brand-700 hover:underline">
                {u.userName}
              </Link>
            </td>
            <td className="px-4 py-2">{u.displayName ?? ([u.name.givenName, u.name.familyName].filter(Boolean).join(" ") || "—")}</td>
            <td className="px-4 py-2">{(u.emails.find((e) => e.primary) ?? u.emails[0])?.value ?? "—"}</td>
            <td className="px-4 py-2">{u.domain}</td>
            <td className="px-4 py-2">
              {u.locked ? <span className="text-amber-700">Locked</span> : u.active ? <span className="text-emerald-700">Active</span> : <span className="text-slate-500">Disabled</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
