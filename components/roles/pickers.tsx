"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, Input } from "@/components/ui/controls";
import { useDebounced } from "@/components/ui/use-debounced";
import type { GroupView } from "@/lib/identity/groups/group-view";
import type { Page } from "@/lib/identity/users/list-users";
import { useRoleSearch } from "./hooks";

/** A search box whose matches each have an Add button; the search clears once one is added. */
function FindAndAdd({
  label,
  results,
  term,
  search,
  setSearch,
  exclude,
  onAdd,
  none,
}: {
  label: string;
  results: { id: string; name: string }[] | undefined;
  term: string;
  search: string;
  setSearch: (s: string) => void;
  exclude: ReadonlySet<string>;
  onAdd: (id: string) => Promise<void>;
  none: string;
}) {
  const shown = results?.filter((r) => !exclude.has(r.id));
  return (
    <div className="max-w-md">
      <Input type="search" placeholder={label} aria-label={label} value={search} onChange={(e) => setSearch(e.target.value)} />
      {term && shown && (
        <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
          {shown.map((r) => (
            <li key={r.id} className="flex items-center justify-between px-3 py-2">
              <span>{r.name}</span>
              <Button variant="secondary" aria-label={`Add ${r.name}`} onClick={() => onAdd(r.id).then(() => setSearch(""))}>
                Add
              </Button>
            </li>
          ))}
          {shown.length === 0 && <li className="px-3 py-2 text-slate-500">{none}</li>}
        </ul>
      )}
    </div>
  );
}

/** Finds groups by name to add; groups already chosen are not offered. */
export function AddGroup({ exclude, onAdd }: { exclude: ReadonlySet<string>; onAdd: (groupId: string) => Promise<void> }) {
  const [search, setSearch] = useState("");
  const term = useDebounced(search, 250);
  const results = useQuery({
    queryKey: ["groups", term, 1, "picker"],
    queryFn: () => api<Page<GroupView>>(`${ADMIN_API}/groups?search=${encodeURIComponent(term)}&count=8`),
    enabled: term.trim().length > 0,
  });
  return (
    <FindAndAdd
      label="Find a group to add"
      results={results.data?.items.map((g) => ({ id: g.id, name: g.displayName }))}
      term={term}
      search={search}
      setSearch={setSearch}
      exclude={exclude}
      onAdd={onAdd}
      none="No other group matches."
    />
  );
}

/** Finds roles by name to add; roles already held are not offered. */
export function AddRole({ exclude, onAdd }: { exclude: ReadonlySet<string>; onAdd: (roleId: string) => Promise<void> }) {
  const [search, setSearch] = useState("");
  const term = useDebounced(search, 250);
  const results = useRoleSearch(term);
  return <FindAndAdd label="Find a role to add" results={results.data?.items} term={term} search={search} setSearch={setSearch} exclude={exclude} onAdd={onAdd} none="No other role matches." />;
}
