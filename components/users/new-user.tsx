"use client";

import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import type { UserView } from "@/lib/identity/users/user-view";
import { UserForm } from "./user-form";

export function NewUser() {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New user" description="Creates the user in the chosen user store." />
      <UserForm
        mode="create"
        onSubmit={async (values) => {
          const user = await api<UserView & { outboundFailures?: string[] }>(`${ADMIN_API}/users`, { method: "POST", json: values });
          await queryClient.invalidateQueries({ queryKey: ["users"] });
          toast("success", `User ${user.userName} created`);
          if (user.outboundFailures?.length) toast("error", `Provisioning failed: ${user.outboundFailures.join("; ")}. It will be retried.`);
          router.push(`/users/${user.id}`);
        }}
      />
    </>
  );
}
