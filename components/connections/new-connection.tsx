"use client";

import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { ConnectionForm } from "./connection-form";
import type { ConnectionView } from "./hooks";

export function NewConnection() {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (
    <>
      <PageHeader title="New connection" description="Add outbound provisioning connectors once it is created." />
      <ConnectionForm
        mode="create"
        onSubmit={async (body) => {
          const connection = await api<ConnectionView>(`${ADMIN_API}/identity-providers`, { method: "POST", json: body });
          await queryClient.invalidateQueries({ queryKey: ["connections"] });
          toast("success", `Connection ${connection.name} created`);
          router.push(`/connections/${connection.id}`);
        }}
      />
    </>
  );
}
