"use client";

import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { ConnectionView } from "@/lib/provisioning/connections";
import type { ConnectorTypeInfo } from "@/lib/provisioning/connectors/type-info";
import type { FederationDetail } from "@/lib/console/federation-forms";

export type { ConnectorView } from "@/lib/provisioning/connections";
export type { ConnectorTypeInfo };

/** A connection as the list returns it: whether users can sign in through it besides its general settings. */
export type ConnectionSummary = ConnectionView & { federatedSignIn: boolean };
/** A connection as its page reads it: with its federated sign-in and JIT settings. */
export type ConnectionDetailView = ConnectionSummary & FederationDetail;
/** What the general settings form and the outbound tabs need of a connection */
export type { ConnectionView };

export function useConnections() {
  return useQuery({ queryKey: ["connections"], queryFn: () => api<ConnectionSummary[]>(`${ADMIN_API}/identity-providers`) });
}

/** The local attributes a claim can be mapped to, as SCIM paths. */
export function useLocalClaims() {
  return useQuery({ queryKey: ["local-claims"], queryFn: async () => (await api<{ uri: string }[]>(`${ADMIN_API}/identity-providers/meta/local-claims`)).map((c) => c.uri) });
}

/** Every role's id and name. */
export function useRoleOptions() {
  return useQuery({ queryKey: ["role-options"], queryFn: () => api<{ id: string; name: string }[]>(`${ADMIN_API}/identity-providers/meta/roles`) });
}

export function useConnectorTypes() {
  return useQuery({ queryKey: ["connector-types"], queryFn: () => api<ConnectorTypeInfo[]>(`${ADMIN_API}/identity-providers/meta/outbound-provisioning-connectors`), staleTime: Infinity });
}

/** "SCIM 2.0" for "scim2"; a type this console does not know shows as stored. */
export function connectorLabel(types: ConnectorTypeInfo[] | undefined, type: string): string {
  return types?.find((t) => t.type === type)?.label ?? type;
}
