"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import type { RoleDetail, RoleSummary } from "@/lib/admin-api/roles";
import type { HeldRole } from "@/lib/identity/roles/roles";
import type { PermissionGroup } from "@/lib/identity/permission-catalogue";
import type { Page } from "@/lib/identity/users/list-users";

export type { RoleDetail, RoleSummary, HeldRole, PermissionGroup };
export type { RoleChange } from "@/lib/admin-api/roles";

/** The permissions a role can grant, grouped as the Permissions tab shows them; they change only with a release. */
export function usePermissionCatalogue() {
  return useQuery({ queryKey: ["permission-catalogue"], queryFn: () => api<PermissionGroup[]>(`${ADMIN_API}/roles/meta/permissions`), staleTime: Infinity });
}

export function useRole(id: string) {
  return useQuery({ queryKey: ["role", id], queryFn: () => api<RoleDetail>(`${ADMIN_API}/roles/${id}`) });
}

/** Finds roles by name, for pickers. */
export function useRoleSearch(term: string) {
  return useQuery({
    queryKey: ["roles", term, 1, "picker"],
    queryFn: () => api<Page<RoleSummary>>(`${ADMIN_API}/roles?search=${encodeURIComponent(term)}&count=8`),
    enabled: term.trim().length > 0,
  });
}

/** What a role change may have changed elsewhere: lists, pickers, users' and groups' roles. */
export function useRoleInvalidation() {
  const queryClient = useQueryClient();
  return (roleId?: string) =>
    Promise.all([
      ...(roleId ? [queryClient.invalidateQueries({ queryKey: ["role", roleId] })] : []),
      queryClient.invalidateQueries({ queryKey: ["roles"] }),
      queryClient.invalidateQueries({ queryKey: ["role-options"] }),
      queryClient.invalidateQueries({ queryKey: ["user-roles"] }),
      queryClient.invalidateQueries({ queryKey: ["group-roles"] }),
    ]);
}
