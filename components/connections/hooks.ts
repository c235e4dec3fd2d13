"use client";

import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { ConnectionView } from "@/lib/provisioning/connections";
import type { ConnectorTypeInfo } from "@/lib/provisioning/connectors/type-info";

export type { ConnectionView, ConnectorView } from "@/lib/provisioning/connections";
export type { ConnectorTypeInfo };

export function useConnections() {
  return useQuery({ queryKey: ["connections"], queryFn: () => api<ConnectionView[]>(`${ADMIN_API}/identity-providers`) });
}

export function useConnectorTypes() {
  return useQuery({ queryKey: ["connector-types"], queryFn: () => api<ConnectorTypeInfo[]>(`${ADMIN_API}/identity-providers/meta/outbound-provisioning-connectors`), staleTime: Infinity });
}

/** "SCIM 2.0" for "scim2"; a type this console does not know shows as stored. */
export function connectorLabel(types: ConnectorTypeInfo[] | undefined, type: string): string {
  return types?.find((t) => t.type === type)?.label ?? type;
}
