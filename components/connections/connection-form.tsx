"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ApiError } from "@/components/api";
import { Button, Field, Input } from "@/components/ui/controls";
import type { ConnectionView } from "./hooks";

const connectionFormSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(100, "At most 100 characters"),
  description: z.string().max(1024, "At most 1024 characters"),
  homeRealmId: z.string().max(255, "At most 255 characters"),
  alias: z.string().max(1024, "At most 1024 characters"),
  enabled: z.boolean(),
});
type ConnectionFormValues = z.infer<typeof connectionFormSchema>;
type FieldName = keyof ConnectionFormValues;

export interface ConnectionInputBody {
  name: string;
  description: string;
  homeRealmId: string | null;
  alias: string | null;
  enabled: boolean;
}

export function connectionToForm(c?: ConnectionView): ConnectionFormValues {
  return { name: c?.name ?? "", description: c?.description ?? "", homeRealmId: c?.homeRealmId ?? "", alias: c?.alias ?? "", enabled: c?.enabled ?? true };
}

/** General settings of a connection, for create and edit; empty optional fields are sent as null. */
export function ConnectionForm({ initial, mode, onSubmit }: { initial?: ConnectionView; mode: "create" | "edit"; onSubmit: (body: ConnectionInputBody) => Promise<void> }) {
  const { register, handleSubmit, formState, setError } = useForm<ConnectionFormValues>({ resolver: zodResolver(connectionFormSchema), defaultValues: connectionToForm(initial) });
  const errors = formState.errors;

  const submit = handleSubmit(async (v) => {
    try {
      await onSubmit({ name: v.name.trim(), description: v.description, homeRealmId: v.homeRealmId.trim() || null, alias: v.alias.trim() || null, enabled: v.enabled });
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? Object.entries(err.fieldErrors) : [];
      const known = fieldErrors.filter(([f]) => f in connectionToForm());
      for (const [field, message] of known) setError(field as FieldName, { message });
      if (!known.length) setError("root", { message: (err as Error).message });
    }
  });

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <Field label="Name" htmlFor="name" error={errors.name?.message} hint="A unique name for the identity provider, e.g. the system it stands for.">
        <Input id="name" autoComplete="off" aria-invalid={!!errors.name} {...register("name")} />
      </Field>
      <Field label="Description" htmlFor="description" error={errors.description?.message}>
        <Input id="description" aria-invalid={!!errors.description} {...register("description")} />
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Home realm identifier" htmlFor="homeRealmId" error={errors.homeRealmId?.message} hint="Selects this identity provider at sign-in without asking.">
          <Input id="homeRealmId" autoComplete="off" aria-invalid={!!errors.homeRealmId} {...register("homeRealmId")} />
        </Field>
        <Field label="Alias" htmlFor="alias" error={errors.alias?.message} hint="How the identity provider knows this server, e.g. its token endpoint.">
          <Input id="alias" autoComplete="off" aria-invalid={!!errors.alias} {...register("alias")} />
        </Field>
      </div>
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" aria-describedby="enabled-help" {...register("enabled")} /> Enabled
        </label>
        <p id="enabled-help" className="pl-6 text-xs text-slate-500">
          A disabled connection receives no provisioning; changes queued for it fail.
        </p>
      </div>
      <Button type="submit" disabled={formState.isSubmitting}>
        {mode === "create" ? "Create connection" : "Save changes"}
      </Button>
    </form>
  );
}
