"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, Input } from "@/components/ui/controls";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Page } from "@/lib/identity/users/list-users";
import type { UserView } from "@/lib/identity/users/user-view";

/** Finds users by name and adds them one at a time: the member list itself is never loaded to change it. */
export function AddMembers({ onAdd }: { onAdd: (userIds: string[]) => Promise<void> }) {
  const [search, setSearch] = useState("");
  const term = useDebounced(search, 250);
  const results = useQuery({
    queryKey: ["users", term, 1, "picker"],
    queryFn: () => api<Page<UserView>>(`${ADMIN_API}/users?search=${encodeURIComponent(term)}&count=8`),
    enabled: term.trim().length > 0,
  });
  return (
    <div className="max-w-md">
      <Input type="search" placeholder="Find a user to add" aria-label="Find a user to add" value={search} onChange={(e) => setSearch(e.target.value)} />
      {term && results.data && (
        <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
          {results.data.items.map((u) => (
            <li key={u.id} className="flex items-center justify-between px-3 py-2">
              <span>{u.userName}</span>
              <Button variant="secondary" aria-label={`Add ${u.userName}`} onClick={() => onAdd([u.id]).then(() => setSearch(""))}>
                Add
              </Button>
            </li>
          ))}
          {results.data.items.length === 0 && <li className="px-3 py-2 text-slate-500">No user matches.</li>}
        </ul>
      )}
    </div>
  );
}
