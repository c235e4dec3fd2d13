"use client";

import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { ConnectionHealthJson } from "@/lib/console/connection-health";
import type { AttemptView } from "@/lib/provisioning/log";

export interface ProvisioningHealthJson {
  since: string;
  until: string;
  generatedAt: string;
  connections: ConnectionHealthJson[];
  recentFailures: (Omit<AttemptView, "at"> & { at: string })[];
}

const REFRESH_MS = 10_000;

/** Each connection's provisioning over the last day, read again every few seconds while shown. */
export function useProvisioningHealth() {
  return useQuery({ queryKey: ["provisioning-health"], queryFn: () => api<ProvisioningHealthJson>(`${ADMIN_API}/provisioning/health`), refetchInterval: REFRESH_MS });
}
