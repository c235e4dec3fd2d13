"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api";
import type { UserStoreView } from "@/lib/identity/user-stores";

export function useUserStores() {
  return useQuery({ queryKey: ["user-stores"], queryFn: () => api<{ items: UserStoreView[] }>("/api/console/user-stores").then((r) => r.items) });
}
