"use client";

import Link from "next/link";
import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Input, PageHeader, Pager, Select } from "@/components/ui/controls";
import { useConnections } from "@/components/connections/hooks";
import { userSourceLabel } from "@/lib/console/user-source";
import { nextSort, type Sort } from "@/lib/console/list-paging";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Page, UserSortKey } from "@/lib/identity/users/list-users";
import type { UserView } from "@/lib/identity/users/user-view";
import { DataTable } from "@/components/ui/data-table";
import { UserBulkActions } from "./user-bulk-actions";

const PAGE_SIZES = [20, 50, 100, 200] as const;

export function UsersList() {
  const [search, setSearch] = useState("");
  const [sourceConnection, setSourceConnection] = useState("");
  const [startIndex, setStartIndex] = useState(1);
  const [pageSize, setPageSize] = useState<number>(PAGE_SIZES[0]);
  const [sort, setSort] = useState<Sort<UserSortKey>>({ by: "userName", order: "ascending" });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const term = useDebounced(search, 250);
  const { data, isLoading, error } = useQuery({
    queryKey: ["users", term, sourceConnection, startIndex, pageSize, sort.by, sort.order],
    queryFn: () =>
      api<Page<UserView>>(
        `${ADMIN_API}/users?search=${encodeURIComponent(term)}&sourceConnection=${encodeURIComponent(sourceConnection)}&startIndex=${startIndex}&count=${pageSize}&sortBy=${sort.by}&sortOrder=${sort.order}`,
      ),
    placeholderData: keepPreviousData,
  });
  // names for the Source column; without them (no permission to read connections) JIT users show as "JIT"
  const connections = useConnections();
  const connectionNames = connections.data && new Map(connections.data.map((c) => [c.id, c.name]));
  const filterName = connectionNames?.get(sourceConnection);

  // a new list (search, filter, sort, page) starts with nothing selected: a selection never hides off-screen
  const showFrom = (apply: () => void) => {
    apply();
    setSelected(new Set());
  };
  const sortBy = (key: UserSortKey) => showFrom(() => (setSort((s) => nextSort(s, key, ["createdAt"])), setStartIndex(1)));
  const sortable = (label: string, key: UserSortKey) => ({ label, sort: { order: sort.by === key ? sort.order : undefined, onSort: () => sortBy(key) } });

  const items = data?.items ?? [];
  const allSelected = items.length > 0 && items.every((u) => selected.has(u.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

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
      <div className="mb-4 flex max-w-3xl flex-wrap gap-3">
        <Input
          type="search"
          className="max-w-sm"
          placeholder="User name, display name or email starts with…"
          aria-label="Search users"
          value={search}
          onChange={(e) => showFrom(() => (setSearch(e.target.value), setStartIndex(1)))}
        />
        {connectionNames && connectionNames.size > 0 && (
          <Select aria-label="Source connection" className="max-w-xs" value={sourceConnection} onChange={(e) => showFrom(() => (setSourceConnection(e.target.value), setStartIndex(1)))}>
            <option value="">Every source</option>
            {connections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                JIT via {c.name}
              </option>
            ))}
          </Select>
        )}
      </div>
      <UserBulkActions users={items.filter((u) => selected.has(u.id))} onDone={() => setSelected(new Set())} />
      <DataTable
        label="Users"
        columns={[
          {
            label: "Select",
            className: "w-10",
            content: (
              <input
                type="checkbox"
                aria-label="Select every user on this page"
                checked={allSelected}
                disabled={!items.length}
                onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((u) => u.id)))}
              />
            ),
          },
          sortable("User name", "userName"),
          sortable("Name", "displayName"),
          "Email",
          "User store",
          "Source",
          "Status",
          sortable("Created", "createdAt"),
        ]}
        footer={
          data && (
            <Pager
              startIndex={data.startIndex}
              count={pageSize}
              total={data.totalResults}
              onPage={(start) => showFrom(() => setStartIndex(start))}
              pageSizes={PAGE_SIZES}
              onPageSize={(size) => showFrom(() => (setPageSize(size), setStartIndex(1)))}
            />
          )
        }
        loading={isLoading}
        error={error}
        empty={
          data?.items.length === 0 &&
          (sourceConnection ? `No user was created through ${filterName ?? "this connection"}${term ? ` and starts with "${term}"` : ""}.` : term ? `No user starts with "${term}".` : "No users yet.")
        }
      >
        {items.map((u) => (
          <tr key={u.id} className={selected.has(u.id) ? "bg-brand-50" : "hover:bg-slate-50"}>
            <td className="px-4 py-2">
              <input type="checkbox" aria-label={`Select ${u.userName}`} checked={selected.has(u.id)} onChange={() => toggle(u.id)} />
            </td>
            <td className="max-w-xs px-4 py-2">
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
            <td className="whitespace-nowrap px-4 py-2 text-slate-600">{new Date(u.createdAt).toLocaleDateString()}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
