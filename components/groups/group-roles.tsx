"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import { AddRole } from "@/components/roles/pickers";

/** The roles assigned to the group, which every member holds; they can be added and taken back here. */
export function GroupRoles({ groupId }: { groupId: string }) {
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const roles = useQuery({ queryKey: ["group-roles", groupId], queryFn: () => api<{ id: string; name: string }[]>(`${ADMIN_API}/groups/${groupId}/roles`) });
  const change = async (roleId: string, method: "POST" | "DELETE", success: string) => {
    try {
      const answer = await api<ProvisioningAnswer>(`${ADMIN_API}/roles/${roleId}/groups`, { method, json: { groupIds: [groupId] } });
      await Promise.all([["group-roles", groupId], ["role", roleId], ["roles"], ["user-roles"], ["user-provisioning"]].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
      report(success, answer);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };
  return (
    <section aria-labelledby="group-roles-title" className="mt-8 space-y-3">
      <h2 id="group-roles-title" className="text-lg font-semibold">
        Roles
      </h2>
      <p className="text-sm text-slate-600">Every member holds these roles, and the permissions they grant, for as long as they are a member.</p>
      <AddRole exclude={new Set(roles.data?.map((r) => r.id))} onAdd={(roleId) => change(roleId, "POST", "Role assigned")} />
      <DataTable
        label="Roles of the group"
        columns={["Role", { label: "Actions", align: "right", visuallyHidden: true }]}
        loading={roles.isLoading}
        error={roles.error}
        empty={roles.data?.length === 0 && "No role is assigned to this group. Find a role above to give it to every member."}
      >
        {roles.data?.map((r) => (
          <tr key={r.id}>
            <td className="px-4 py-2">
              <Link href={`/roles/${r.id}`} className="font-medium text-brand-700 hover:underline">
                {r.name}
              </Link>
            </td>
            <td className="px-4 py-2 text-right">
              <Button variant="secondary" aria-label={`Remove role ${r.name}`} onClick={() => change(r.id, "DELETE", "Role removed")}>
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
