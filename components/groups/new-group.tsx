"use client";

import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button, Field, Input, PageHeader, Select } from "@/components/ui/controls";
import { useChangeToast, type ProvisioningAnswer } from "@/components/provisioning/change-toast";
import { useUserStores } from "@/components/users/use-user-stores";
import { groupFormSchema, type GroupFormValues } from "@/lib/console/user-form";
import type { GroupView } from "@/lib/identity/groups/group-view";

export function NewGroup() {
  const router = useRouter();
  const report = useChangeToast();
  const queryClient = useQueryClient();
  const stores = useUserStores();
  const { register, handleSubmit, formState, setError } = useForm<GroupFormValues>({ resolver: zodResolver(groupFormSchema), defaultValues: { domain: "PRIMARY", displayName: "" } });

  const submit = handleSubmit(async (values) => {
    try {
      const group = await api<GroupView & ProvisioningAnswer>(`${ADMIN_API}/groups`, { method: "POST", json: values });
      await queryClient.invalidateQueries({ queryKey: ["groups"] });
      report(`Group ${group.displayName} created`, group);
      router.push(`/groups/${group.id}`);
    } catch (err) {
      const fieldError = err instanceof ApiError ? err.fieldErrors.displayName : undefined;
      setError(fieldError ? "displayName" : "root", { message: fieldError ?? (err as Error).message });
    }
  });

  return (
    <>
      <PageHeader title="New group" />
      <form onSubmit={submit} noValidate className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        {formState.errors.root?.message && (
          <div role="alert" className="text-sm text-red-600">
            {formState.errors.root.message}
          </div>
        )}
        <Field label="User store" htmlFor="domain">
          <Select id="domain" {...register("domain")}>
            {(stores.data ?? [{ domain: "PRIMARY" }]).map((s) => (
              <option key={s.domain} value={s.domain}>
                {s.domain}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Group name" htmlFor="displayName" error={formState.errors.displayName?.message}>
          <Input id="displayName" aria-invalid={!!formState.errors.displayName} {...register("displayName")} />
        </Field>
        <Button type="submit" disabled={formState.isSubmitting}>
          Create group
        </Button>
      </form>
    </>
  );
}
