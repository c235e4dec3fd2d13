"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import { type HeldRole } from "@/components/roles/hooks";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import { AddGroup, AddRole } from "@/components/roles/pickers";
import { heldRoleLine } from "@/lib/console/role-form";

/** Runs a change of the user's groups or roles, then reads again what it may have changed. */
function useAccessChange(userId: string) {
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  return async (work: () => Promise<ProvisioningAnswer>, success: string, touched: unknown[][]) => {
    try {
      const answer = await work();
      await Promise.all([["user", userId], ["user-roles", userId], ["user-provisioning", userId], ["roles"], ["groups"], ...touched].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      report(success, answer);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };
}

/** The user's groups, to add the user to more or take them out of one. */
export function UserGroups({ userId, userName, groups }: { userId: string; userName: string; groups: { id: string; displayName: string }[] }) {
  const change = useAccessChange(userId);
  const members = (groupId: string, method: "POST" | "DELETE") => () => api<ProvisioningAnswer>(`${ADMIN_API}/groups/${groupId}/members`, { method, json: { userIds: [userId] } });
  const touched = (groupId: string) => [
    ["group", groupId],
    ["group-members", groupId],
  ];
  return (
    <section aria-labelledby="user-groups-title" className="mt-8 max-w-4xl space-y-3">
      <h2 id="user-groups-title" className="text-lg font-semibold">
        Groups
      </h2>
      <AddGroup exclude={new Set(groups.map((g) => g.id))} onAdd={(groupId) => change(members(groupId, "POST"), `${userName} added to the group`, touched(groupId))} />
      <DataTable
        label="Groups of the user"
        columns={["Group", { label: "Actions", align: "right", visuallyHidden: true }]}
        empty={groups.length === 0 && "Not in any group. Find a group above to add the user to it."}
      >
        {groups.map((g) => (
          <tr key={g.id}>
            <td className="px-4 py-2">
              <Link href={`/groups/${g.id}`} className="font-medium text-brand-700 hover:underline">
                {g.displayName}
              </Link>
            </td>
            <td className="px-4 py-2 text-right">
              <Button variant="secondary" aria-label={`Remove from ${g.displayName}`} onClick={() => change(members(g.id, "DELETE"), `${userName} removed from the group`, touched(g.id))}>
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

/** The roles the user holds, directly or through groups; the direct ones can be added and taken back here. */
export function UserRoles({ userId }: { userId: string }) {
  const change = useAccessChange(userId);
  const roles = useQuery({ queryKey: ["user-roles", userId], queryFn: () => api<HeldRole[]>(`${ADMIN_API}/users/${userId}/roles`) });
  const assignment = (roleId: string, method: "POST" | "DELETE") => () => api<ProvisioningAnswer>(`${ADMIN_API}/roles/${roleId}/users`, { method, json: { userIds: [userId] } });
  const direct = new Set(roles.data?.filter((r) => r.direct).map((r) => r.id));
  return (
    <section aria-labelledby="user-roles-title" className="mt-8 max-w-4xl space-y-3">
      <h2 id="user-roles-title" className="text-lg font-semibold">
        Roles
      </h2>
      <AddRole exclude={direct} onAdd={(roleId) => change(assignment(roleId, "POST"), "Role assigned", [["role", roleId]])} />
      <DataTable
        label="Roles of the user"
        columns={["Role", "Assigned", { label: "Actions", align: "right", visuallyHidden: true }]}
        loading={roles.isLoading}
        error={roles.error}
        empty={roles.data?.length === 0 && "Holds no role. Find a role above to assign it, or add the user to a group that has one."}
      >
        {roles.data?.map((r) => (
          <tr key={r.id}>
            <td className="px-4 py-2">
              <Link href={`/roles/${r.id}`} className="font-medium text-brand-700 hover:underline">
                {r.name}
              </Link>
            </td>
            <td className="px-4 py-2 text-slate-600">{heldRoleLine(r)}</td>
            <td className="px-4 py-2 text-right">
              {r.direct && (
                <Button variant="secondary" aria-label={`Remove role ${r.name}`} onClick={() => change(assignment(r.id, "DELETE"), "Role removed", [["role", r.id]])}>
                  Remove
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
