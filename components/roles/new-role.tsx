"use client";

import { useRouter } from "next/navigation";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { useChangeToast } from "@/components/provisioning/change-toast";
import { usePermissionCatalogue, useRoleInvalidation, type RoleChange } from "./hooks";
import { RoleForm } from "./role-form";

export function NewRole() {
  const router = useRouter();
  const report = useChangeToast();
  const invalidate = useRoleInvalidation();
  const catalogue = usePermissionCatalogue();
  return (
    <>
      <PageHeader title="New role" description="Choose what the role allows; assign it to users and groups on its page once created." />
      <RoleForm
        mode="create"
        initial={{ name: "", description: "", permissions: [] }}
        catalogue={catalogue.data}
        onSubmit={async (values) => {
          const role = await api<RoleChange>(`${ADMIN_API}/roles`, { method: "POST", json: values });
          await invalidate();
          report(`Role ${role.name} created`, role);
          router.push(`/roles/${role.id}`);
        }}
      />
    </>
  );
}
