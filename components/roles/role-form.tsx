"use client";

import { Controller, useForm, type UseFormSetError } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ApiError } from "@/components/api";
import { Button, Field, Input } from "@/components/ui/controls";
import { roleFormSchema, type RoleFormValues } from "@/lib/console/role-form";
import { PermissionPicker } from "./permission-picker";
import type { PermissionGroup } from "./hooks";

export type RoleFormOutput = z.output<typeof roleFormSchema>;

/** An answer's field errors next to their fields ("permissions.3" under the permissions), anything else above the form. */
export function showRoleErrors(err: unknown, setError: UseFormSetError<RoleFormValues>) {
  const fieldErrors = err instanceof ApiError ? Object.entries(err.fieldErrors) : [];
  let shown = false;
  for (const [path, message] of fieldErrors) {
    const field = path.split(".")[0];
    if (field === "name" || field === "description" || field === "permissions") {
      setError(field, { message });
      shown = true;
    }
  }
  if (!shown) setError("root", { message: (err as Error).message });
}

function RootError({ message }: { message?: string }) {
  return message ? (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {message}
    </div>
  ) : null;
}

/**
 * The role's fields: name and description (the General tab), and on create also its permissions. `onSubmit`
 * throws the admin API's error, shown next to its field.
 */
export function RoleForm({
  mode,
  initial,
  catalogue,
  onSubmit,
}: {
  mode: "create" | "edit";
  initial: RoleFormValues;
  catalogue?: readonly PermissionGroup[];
  onSubmit: (values: RoleFormOutput) => Promise<void>;
}) {
  const { register, control, handleSubmit, formState, setError } = useForm<RoleFormValues, unknown, RoleFormOutput>({ resolver: zodResolver(roleFormSchema), defaultValues: initial });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit(values);
    } catch (err) {
      showRoleErrors(err, setError);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="max-w-4xl space-y-5">
      <div className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
        <RootError message={errors.root?.message} />
        <Field label="Role name" htmlFor="name" error={errors.name?.message}>
          <Input id="name" autoComplete="off" aria-invalid={!!errors.name} {...register("name")} />
        </Field>
        <Field label="Description" htmlFor="description" error={errors.description?.message} hint="What the role is for: shown in the list of roles.">
          <Input id="description" aria-invalid={!!errors.description} {...register("description")} />
        </Field>
      </div>
      {mode === "create" && (
        <section aria-labelledby="new-role-permissions" className="space-y-3">
          <h2 id="new-role-permissions" className="text-lg font-semibold">
            Permissions
          </h2>
          {errors.permissions?.message && (
            <p role="alert" className="text-sm text-red-600">
              {errors.permissions.message}
            </p>
          )}
          {catalogue ? (
            <Controller control={control} name="permissions" render={({ field }) => <PermissionPicker groups={catalogue} value={field.value ?? []} onChange={field.onChange} />} />
          ) : (
            <p className="text-slate-500">Loading…</p>
          )}
        </section>
      )}
      <Button type="submit" disabled={formState.isSubmitting}>
        {mode === "create" ? "Create role" : "Save changes"}
      </Button>
    </form>
  );
}

/** The Permissions tab: the role's permissions, saved together. */
export function PermissionsForm({ initial, catalogue, onSubmit }: { initial: RoleFormValues; catalogue: readonly PermissionGroup[]; onSubmit: (values: RoleFormOutput) => Promise<void> }) {
  const { control, handleSubmit, formState, setError } = useForm<RoleFormValues, unknown, RoleFormOutput>({ resolver: zodResolver(roleFormSchema), defaultValues: initial });
  const errors = formState.errors;
  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit(values);
    } catch (err) {
      showRoleErrors(err, setError);
    }
  });
  return (
    <form onSubmit={submit} noValidate className="max-w-4xl space-y-4">
      <p className="text-sm text-slate-600">Users holding the role, directly or through a group, may do what these permissions allow, in the console and through the APIs.</p>
      <RootError message={errors.root?.message ?? errors.name?.message} />
      {errors.permissions?.message && (
        <p role="alert" className="text-sm text-red-600">
          {errors.permissions.message}
        </p>
      )}
      <Controller control={control} name="permissions" render={({ field }) => <PermissionPicker groups={catalogue} value={field.value ?? []} onChange={field.onChange} />} />
      <Button type="submit" disabled={formState.isSubmitting}>
        Save permissions
      </Button>
    </form>
  );
}
