"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ApiError } from "@/components/api";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { customAttributeSchema, type CustomAttribute } from "@/lib/identity/custom-attribute-schema";

// canonical values are edited as one line of comma-separated values; the API's schema checks the rest
const formSchema = customAttributeSchema.extend({ canonicalValues: z.string() });
type FormInput = z.input<typeof formSchema>;
type FormOutput = z.output<typeof formSchema>;
type Definition = z.output<typeof customAttributeSchema>;

const FIELDS = ["name", "type", "multiValued", "required", "caseExact", "mutability", "returned", "uniqueness", "description", "canonicalValues"] as const;
const options = (schema: { options: readonly string[] }) => schema.options.map((o) => <option key={o}>{o}</option>);

/** Defines a new attribute or changes one; the server's answer (a 409 about values users hold) shows next to its field. */
export function AttributeForm({ initial, onSubmit, onCancel }: { initial?: CustomAttribute; onSubmit: (definition: Definition) => Promise<void>; onCancel: () => void }) {
  const editing = !!initial;
  const { register, handleSubmit, formState, setError } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(formSchema),
    defaultValues: initial
      ? { ...initial, canonicalValues: initial.canonicalValues.join(", ") }
      : { name: "", type: "string", multiValued: false, required: false, caseExact: false, mutability: "readWrite", returned: "default", uniqueness: "none", description: "", canonicalValues: "" },
  });
  const errors = formState.errors;
  const shape = customAttributeSchema.shape;

  const submit = handleSubmit(async ({ canonicalValues, ...rest }) => {
    try {
      const values = canonicalValues
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      await onSubmit({ ...rest, canonicalValues: values });
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors : {};
      const field = FIELDS.find((f) => fields[f] || Object.keys(fields).some((k) => k.startsWith(`${f}.`)));
      setError(field ?? "root", { message: field ? (fields[field] ?? Object.entries(fields).find(([k]) => k.startsWith(`${field}.`))?.[1]) : (err as Error).message });
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label={editing ? `Edit attribute ${initial.name}` : "New attribute"} className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <div className="grid grid-cols-2 gap-4">
        <Field label="Attribute name" htmlFor="attr-name" error={errors.name?.message} hint={editing ? "The name cannot change." : "Start with a letter; letters, digits, _ and -."}>
          <Input id="attr-name" autoComplete="off" readOnly={editing} aria-invalid={!!errors.name} {...register("name")} />
        </Field>
        <Field label="Type" htmlFor="attr-type" error={errors.type?.message}>
          <Select id="attr-type" {...register("type")}>
            {options(shape.type.removeDefault())}
          </Select>
        </Field>
        <Field label="Mutability" htmlFor="attr-mutability" error={errors.mutability?.message}>
          <Select id="attr-mutability" {...register("mutability")}>
            {options(shape.mutability.removeDefault())}
          </Select>
        </Field>
        <Field label="Returned" htmlFor="attr-returned" error={errors.returned?.message}>
          <Select id="attr-returned" {...register("returned")}>
            {options(shape.returned.removeDefault())}
          </Select>
        </Field>
        <Field label="Uniqueness" htmlFor="attr-uniqueness" error={errors.uniqueness?.message}>
          <Select id="attr-uniqueness" {...register("uniqueness")}>
            {options(shape.uniqueness.removeDefault())}
          </Select>
        </Field>
        <Field label="Canonical values" htmlFor="attr-canonical" error={errors.canonicalValues?.message} hint="Separated by commas; when any is listed, a value must be one of them.">
          <Input id="attr-canonical" aria-invalid={!!errors.canonicalValues} {...register("canonicalValues")} />
        </Field>
      </div>
      <Field label="Description" htmlFor="attr-description" error={errors.description?.message}>
        <Input id="attr-description" {...register("description")} />
      </Field>
      <fieldset className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        <legend className="sr-only">Characteristics</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...register("multiValued")} /> Multi-valued
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...register("required")} /> Required
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...register("caseExact")} /> Case-exact
        </label>
      </fieldset>
      {errors.multiValued?.message && (
        <p role="alert" className="text-xs text-red-600">
          {errors.multiValued.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {editing ? "Save attribute" : "Add attribute"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
