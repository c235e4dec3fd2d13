"use client";

import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { UserStoreView } from "@/lib/identity/user-stores";

export function useUserStores() {
  return useQuery({ queryKey: ["user-stores"], queryFn: () => api<UserStoreView[]>(`${ADMIN_API}/userstores`) });
}
