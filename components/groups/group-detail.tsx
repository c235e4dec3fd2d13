"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, Input, PageHeader, Pager } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import type { GroupView } from "@/lib/identity/groups/group-view";
import type { Page } from "@/lib/identity/users/list-users";
import type { UserView } from "@/lib/identity/users/user-view";
import { AddMembers } from "./add-members";
import { GroupRoles } from "./group-roles";
import { usePageTitle } from "@/components/ui/use-page-title";

const PAGE = 20;

export function GroupDetail({ id }: { id: string }) {
  const router = useRouter();
  const toast = useToast();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const [startIndex, setStartIndex] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const [name, setName] = useState<string | undefined>();
  const group = useQuery({ queryKey: ["group", id], queryFn: () => api<GroupView>(`${ADMIN_API}/groups/${id}`) });
  usePageTitle(group.data?.displayName, "Groups");
  const members = useQuery({ queryKey: ["group-members", id, startIndex], queryFn: () => api<Page<UserView>>(`${ADMIN_API}/groups/${id}/members?startIndex=${startIndex}&count=${PAGE}`) });

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ["group", id] }),
      queryClient.invalidateQueries({ queryKey: ["group-members", id] }),
      queryClient.invalidateQueries({ queryKey: ["groups"] }),
    ]);
  const run = async (work: () => Promise<ProvisioningAnswer | undefined>, success: string) => {
    try {
      const answer = await work();
      await refresh();
      report(success, answer);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };

  if (group.isLoading) return <p className="text-slate-500">Loading…</p>;
  if (group.error || !group.data)
    return (
      <p role="alert" className="text-red-600">
        {(group.error as Error)?.message ?? "Group not found"}
      </p>
    );
  const g = group.data;
  const bareName = g.domain === "PRIMARY" ? g.displayName : g.displayName.slice(g.domain.length + 1);

  return (
    <>
      <PageHeader
        title={g.displayName}
        description={`User store ${g.domain} · ${g.memberCount} members`}
        actions={
          confirming ? (
            <>
              <Button
                variant="danger"
                onClick={() =>
                  run(async () => {
                    const answer = await api<ProvisioningAnswer | undefined>(`${ADMIN_API}/groups/${id}`, { method: "DELETE" });
                    router.push("/groups");
                    return answer;
                  }, `Group ${g.displayName} deleted`)
                }
              >
                Confirm delete
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete group
            </Button>
          )
        }
      />
      <form
        className="mb-6 flex max-w-md items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api<ProvisioningAnswer>(`${ADMIN_API}/groups/${id}`, { method: "PATCH", json: { displayName: name ?? bareName } }), "Group renamed");
        }}
      >
        <div className="flex-1">
          <label htmlFor="group-name" className="block text-sm font-medium text-slate-700">
            Group name
          </label>
          <Input id="group-name" value={name ?? bareName} onChange={(e) => setName(e.target.value)} />
        </div>
        <Button type="submit" variant="secondary">
          Rename
        </Button>
      </form>

      <h2 className="mb-2 text-lg font-semibold">Members</h2>
      <AddMembers onAdd={(userIds) => run(() => api<ProvisioningAnswer>(`${ADMIN_API}/groups/${id}/members`, { method: "POST", json: { userIds } }), "Member added")} />
      <div className="mt-4 overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Members">
          <tbody className="divide-y divide-slate-100">
            {members.data?.items.map((u) => (
              <tr key={u.id}>
                <td className="px-4 py-2 font-medium">{u.userName}</td>
                <td className="px-4 py-2">{u.displayName ?? ""}</td>
                <td className="px-4 py-2 text-right">
                  <Button
                    variant="secondary"
                    aria-label={`Remove ${u.userName}`}
                    onClick={() => run(() => api<ProvisioningAnswer>(`${ADMIN_API}/groups/${id}/members`, { method: "DELETE", json: { userIds: [u.id] } }), "Member removed")}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
            {members.data && members.data.items.length === 0 && (
              <tr>
                <td className="px-4 py-6 text-center text-slate-500">No members yet.</td>
              </tr>
            )}
          </tbody>
        </table>
        {members.data && <Pager startIndex={members.data.startIndex} count={PAGE} total={members.data.totalResults} onPage={setStartIndex} />}
      </div>
      <GroupRoles groupId={id} />
    </>
  );
}
