"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button, Field, Input, PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useUserStores } from "@/components/users/use-user-stores";
import type { UserStoreView } from "@/lib/identity/user-stores";
import { DataTable } from "@/components/ui/data-table";

// The domain's syntax is the service's to check; its answer comes back as a field error.
const userStoreFormSchema = z.object({
  domain: z.string().trim().min(1, "Domain name is required"),
  description: z.string(),
  readOnly: z.boolean(),
});
type UserStoreFormValues = z.infer<typeof userStoreFormSchema>;

export function UserStores() {
  const stores = useUserStores();
  return (
    <>
      <PageHeader title="User stores" description="PRIMARY holds users and groups by default. A secondary domain keeps its own names, written DOMAIN/name." />
      <DataTable label="User stores" className="mb-8" columns={["Domain", "Description", "Type", { label: "Actions", visuallyHidden: true }]} loading={stores.isLoading} error={stores.error}>
        {stores.data?.map((s) => (
          <UserStoreRow key={s.id} store={s} />
        ))}
      </DataTable>
      <NewUserStore />
    </>
  );
}

function UserStoreRow({ store }: { store: UserStoreView }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();

  const remove = async () => {
    setError(undefined);
    try {
      await api(`${ADMIN_API}/userstores/${encodeURIComponent(store.domain)}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["user-stores"] });
      toast("success", `User store ${store.domain} deleted`);
    } catch (err) {
      setError((err as Error).message);
      setConfirming(false);
    }
  };

  return (
    <tr>
      <td className="px-4 py-2 font-medium">{store.domain}</td>
      <td className="px-4 py-2">{store.description || "—"}</td>
      <td className="px-4 py-2">
        {store.primary ? "Primary" : "Secondary"}
        {store.readOnly ? " · read-only" : ""}
      </td>
      <td className="px-4 py-2 text-right">
        {!store.primary && (
          <div className="flex flex-col items-end gap-1">
            <div className="flex justify-end gap-2">
              {confirming ? (
                <>
                  <Button variant="danger" aria-label={`Confirm delete ${store.domain}`} onClick={remove}>
                    Confirm delete
                  </Button>
                  <Button variant="secondary" onClick={() => setConfirming(false)}>
                    Cancel
                  </Button>
                </>
              ) : (
                <Button variant="secondary" aria-label={`Delete ${store.domain}`} onClick={() => setConfirming(true)}>
                  Delete
                </Button>
              )}
            </div>
            {error && (
              <p role="alert" className="text-xs text-red-600">
                {error}
              </p>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

function NewUserStore() {
  const toast = useToast();
  const queryClient = useQueryClient();
  const { register, handleSubmit, formState, setError, reset } = useForm<UserStoreFormValues>({
    resolver: zodResolver(userStoreFormSchema),
    defaultValues: { domain: "", description: "", readOnly: false },
  });
  const errors = formState.errors;

  const submit = handleSubmit(async (values) => {
    try {
      const store = await api<UserStoreView>(`${ADMIN_API}/userstores`, { method: "POST", json: values });
      await queryClient.invalidateQueries({ queryKey: ["user-stores"] });
      toast("success", `User store ${store.domain} created`);
      reset();
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors : {};
      const field = (["domain", "description"] as const).find((f) => fields[f]);
      setError(field ?? "root", { message: field ? fields[field] : (err as Error).message });
    }
  });

  return (
    <section aria-labelledby="new-store-heading">
      <h2 id="new-store-heading" className="mb-2 text-lg font-semibold">
        New secondary user store
      </h2>
      <form onSubmit={submit} noValidate className="max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        {errors.root?.message && (
          <div role="alert" className="text-sm text-red-600">
            {errors.root.message}
          </div>
        )}
        <Field label="Domain name" htmlFor="domain" error={errors.domain?.message} hint="Letters, digits, _ and -, starting with a letter. Stored in upper case.">
          <Input id="domain" autoComplete="off" aria-invalid={!!errors.domain} {...register("domain")} />
        </Field>
        <Field label="Description" htmlFor="description" error={errors.description?.message}>
          <Input id="description" aria-invalid={!!errors.description} {...register("description")} />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register("readOnly")} /> Read-only (nothing can be created or changed in it)
        </label>
        <Button type="submit" disabled={formState.isSubmitting}>
          Create user store
        </Button>
      </form>
    </section>
  );
}
