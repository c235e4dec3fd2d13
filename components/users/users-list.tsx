"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Input, PageHeader, Pager, Select } from "@/components/ui/controls";
import { useConnections } from "@/components/connections/hooks";
import { userSourceLabel } from "@/lib/console/user-source";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Page } from "@/lib/identity/users/list-users";
import type { UserView } from "@/lib/identity/users/user-view";
import { DataTable } from "@/components/ui/data-table";

const PAGE = 20;

export function UsersList() {
  const [search, setSearch] = useState("");
  const [sourceConnection, setSourceConnection] = useState("");
  const [startIndex, setStartIndex] = useState(1);
  const term = useDebounced(search, 250);
  const { data, isLoading, error } = useQuery({
    queryKey: ["users", term, sourceConnection, startIndex],
    queryFn: () => api<Page<UserView>>(`${ADMIN_API}/users?search=${encodeURIComponent(term)}&sourceConnection=${encodeURIComponent(sourceConnection)}&startIndex=${startIndex}&count=${PAGE}`),
    placeholderData: keepPreviousData,
  });
  // names for the Source column; without them (no permission to read connections) JIT users show as "JIT"
  const connections = useConnections();
  const connectionNames = connections.data && new Map(connections.data.map((c) => [c.id, c.name]));
  const filterName = connectionNames?.get(sourceConnection);
  return (
    <>
      <PageHeader
        title="Users"
        description="People in every user store. Users created here, over SCIM or by just-in-time provisioning are listed together."
        actions={
          <>
            <Link href="/users/import" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100">
              Import users
            </Link>
            <Link href="/users/new" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              New user
            </Link>
          </>
        }
      />
      <div className="mb-4 flex max-w-3xl gap-3">
        <Input
          type="search"
          className="max-w-sm"
          placeholder="Search by user name, display name or email"
          aria-label="Search users"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setStartIndex(1);
          }}
        />
        {connectionNames && connectionNames.size > 0 && (
          <Select
            aria-label="Source connection"
            className="max-w-xs"
            value={sourceConnection}
            onChange={(e) => {
              setSourceConnection(e.target.value);
              setStartIndex(1);
            }}
          >
            <option value="">Every source</option>
            {connections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                JIT via {c.name}
              </option>
            ))}
          </Select>
        )}
      </div>
      <DataTable
        columns={["User name", "Name", "Email", "User store", "Source", "Status"]}
        footer={data && <Pager startIndex={data.startIndex} count={PAGE} total={data.totalResults} onPage={setStartIndex} />}
        loading={isLoading}
        error={error}
        empty={
          data?.items.length === 0 &&
          (sourceConnection ? `No user was created through ${filterName ?? "this connection"}${term ? ` and matches "${term}"` : ""}.` : term ? `No user matches "${term}".` : "No users yet.")
        }
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
            <td className="px-4 py-2">{userSourceLabel(u, connectionNames)}</td>
            <td className="px-4 py-2">
              {u.locked ? <span className="text-amber-700">Locked</span> : u.active ? <span className="text-emerald-700">Active</span> : <span className="text-slate-500">Disabled</span>}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
