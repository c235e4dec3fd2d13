"use client";

import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import type { UserView } from "@/lib/identity/users/user-view";
import { UserForm } from "./user-form";

export function NewUser() {
  const router = useRouter();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New user" description="Creates the user in the chosen user store." />
      <UserForm
        mode="create"
        onSubmit={async (values) => {
          const user = await api<UserView & ProvisioningAnswer>(`${ADMIN_API}/users`, { method: "POST", json: values });
          await queryClient.invalidateQueries({ queryKey: ["users"] });
          report(`User ${user.userName} created`, user);
          router.push(`/users/${user.id}`);
        }}
      />
    </>
  );
}
