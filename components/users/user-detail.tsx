"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import type { UserView } from "@/lib/identity/users/user-view";
import { userToForm } from "@/lib/console/user-form-mapping";
import { UserForm } from "./user-form";
import { UserProvisioningStatus } from "@/components/provisioning/user-provisioning-status";

export function UserDetail({ id }: { id: string }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { data: user, error, isLoading } = useQuery({ queryKey: ["user", id], queryFn: () => api<UserView>(`${ADMIN_API}/users/${id}`) });

  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !user)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message ?? "User not found"}
      </p>
    );

  const remove = async () => {
    try {
      await api(`${ADMIN_API}/users/${id}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["users"] });
      toast("success", `User ${user.userName} deleted`);
      router.push("/users");
    } catch (err) {
      toast("error", (err as Error).message);
      setConfirming(false);
    }
  };

  return (
    <>
      <PageHeader
        title={user.userName}
        description={`User store ${user.domain} · created ${new Date(user.createdAt).toLocaleString()} · version ${user.version}${user.locked ? " · locked" : ""}`}
        actions={
          confirming ? (
            <>
              <Button variant="danger" onClick={remove}>
                Confirm delete
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              Delete user
            </Button>
          )
        }
      />
      <UserForm
        key={user.version}
        mode="edit"
        initial={userToForm(user)}
        onSubmit={async (values) => {
          const saved = await api<UserView & { outboundFailures?: string[] }>(`${ADMIN_API}/users/${id}`, { method: "PUT", json: values });
          queryClient.setQueryData(["user", id], saved);
          await queryClient.invalidateQueries({ queryKey: ["users"] });
          toast("success", "Changes saved");
          if (saved.outboundFailures?.length) toast("error", `Provisioning failed: ${saved.outboundFailures.join("; ")}. It will be retried.`);
          await queryClient.invalidateQueries({ queryKey: ["user-provisioning", id] });
        }}
      />
      <UserProvisioningStatus userId={id} />
    </>
  );
}
