"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { ApiError } from "@/components/api";
import { userFormSchema, type UserFormValues } from "@/lib/console/user-form";
import { useUserStores } from "./use-user-stores";
import { useCustomAttributes } from "@/components/attributes/use-custom-attributes";
import { customValueFromText } from "@/lib/console/custom-values";
import type { CustomAttribute } from "@/lib/identity/custom-attribute-schema";
import { CustomAttributeFields } from "./custom-attribute-fields";

type Output = z.output<typeof userFormSchema>;

/** Create and edit share one form; on edit the user store is fixed and the password is optional. */
export function UserForm({ initial, mode, onSubmit }: { initial?: UserFormValues; mode: "create" | "edit"; onSubmit: (values: Output) => Promise<void> }) {
  const stores = useUserStores();
  const customAttributes = useCustomAttributes();
  const { register, handleSubmit, formState, setError } = useForm<UserFormValues, unknown, Output>({
    resolver: zodResolver(userFormSchema),
    defaultValues: initial ?? { domain: "PRIMARY", userName: "", givenName: "", familyName: "", displayName: "", email: "", phone: "", active: true, password: "" },
  });
  const errors = formState.errors;

  const submit = handleSubmit(async (values) => {
    const custom = typedCustomValues(customAttributes.data ?? [], values.custom ?? {});
    if ("errors" in custom) {
      for (const [name, message] of Object.entries(custom.errors)) setError(`custom.${name}`, { message });
      return;
    }
    try {
      await onSubmit({ ...values, custom: custom.values });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) {
        for (const [field, message] of Object.entries(err.fieldErrors)) {
          const name = (field in userFormSchema.shape || field.startsWith("custom.") ? field : "root") as keyof UserFormValues | `custom.${string}` | "root";
          setError(name, { message });
        }
      } else {
        setError("root", { message: (err as Error).message });
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate className="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <div className="grid grid-cols-2 gap-4">
        <Field label="User store" htmlFor="domain" error={errors.domain?.message}>
          <Select id="domain" disabled={mode === "edit"} {...register("domain")}>
            {(stores.data ?? [{ domain: initial?.domain ?? "PRIMARY" }]).map((s) => (
              <option key={s.domain} value={s.domain}>
                {s.domain}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="User name" htmlFor="userName" error={errors.userName?.message}>
          <Input id="userName" autoComplete="off" aria-invalid={!!errors.userName} {...register("userName")} />
        </Field>
        <Field label="First name" htmlFor="givenName" error={errors.givenName?.message}>
          <Input id="givenName" {...register("givenName")} />
        </Field>
        <Field label="Last name" htmlFor="familyName" error={errors.familyName?.message}>
          <Input id="familyName" {...register("familyName")} />
        </Field>
        <Field label="Display name" htmlFor="displayName" error={errors.displayName?.message}>
          <Input id="displayName" {...register("displayName")} />
        </Field>
        <Field label="Email" htmlFor="email" error={errors.email?.message}>
          <Input id="email" type="email" aria-invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field label="Phone" htmlFor="phone" error={errors.phone?.message}>
          <Input id="phone" type="tel" aria-invalid={!!errors.phone} {...register("phone")} />
        </Field>
        <Field
          label={mode === "create" ? "Password" : "New password"}
          htmlFor="password"
          error={errors.password?.message}
          hint={mode === "create" ? "Optional: a user without a password can only sign in through a federated connection." : "Leave empty to keep the current password."}
        >
          <Input id="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} {...register("password")} />
        </Field>
      </div>
      <CustomAttributeFields attributes={customAttributes.data ?? []} register={register} errors={errors} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("active")} /> Active (may sign in and is provisioned as active)
      </label>
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {mode === "create" ? "Create user" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

type CustomValues = NonNullable<Output["custom"]>;

/** The custom inputs' text as typed values (an empty input removes the value), or each input's error. */
function typedCustomValues(attributes: CustomAttribute[], texts: Record<string, unknown>): { values: CustomValues } | { errors: Record<string, string> } {
  const values: CustomValues = {};
  const errors: Record<string, string> = {};
  for (const attribute of attributes) {
    if (attribute.mutability === "readOnly") continue;
    const text = String(texts[attribute.name] ?? "").trim();
    if (!text) {
      if (attribute.required) errors[attribute.name] = `${attribute.name} is required`;
      else values[attribute.name] = null;
      continue;
    }
    try {
      values[attribute.name] = customValueFromText(attribute, text);
    } catch (err) {
      errors[attribute.name] = (err as Error).message;
    }
  }
  return Object.keys(errors).length ? { errors } : { values };
}
