"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { useDebounced } from "@/components/ui/use-debounced";
import type { Page } from "@/lib/identity/users/list-users";

/**
 * A list page of the admin API behind a search box: the box's text (a new search starts at the first page),
 * the page shown, and the page read with the debounced term, the previous page kept on screen while it loads.
 */
export function useSearchedPage<T>(resource: "groups" | "roles", pageSize: number) {
  const [search, setSearchText] = useState("");
  const [startIndex, setStartIndex] = useState(1);
  const term = useDebounced(search, 250);
  const query = useQuery({
    queryKey: [resource, term, startIndex],
    queryFn: () => api<Page<T>>(`${ADMIN_API}/${resource}?search=${encodeURIComponent(term)}&startIndex=${startIndex}&count=${pageSize}`),
    placeholderData: keepPreviousData,
  });
  const setSearch = (text: string) => {
    setSearchText(text);
    setStartIndex(1);
  };
  return { search, setSearch, term, setStartIndex, ...query };
}
