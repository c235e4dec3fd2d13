"use client";

import type { FieldErrors, UseFormRegister } from "react-hook-form";
import { Field, Input, Select } from "@/components/ui/controls";
import type { CustomAttribute } from "@/lib/identity/custom-attribute-schema";
import type { UserFormValues } from "@/lib/console/user-form";

const HINTS: Partial<Record<CustomAttribute["type"], string>> = { dateTime: "e.g. 2026-01-31T09:00:00Z", reference: "A URI" };

/** One input per custom attribute, as its type asks: a choice for booleans and canonical values, numbers, text. */
export function CustomAttributeFields({ attributes, register, errors }: { attributes: CustomAttribute[]; register: UseFormRegister<UserFormValues>; errors: FieldErrors<UserFormValues> }) {
  if (!attributes.length) return null;
  return (
    <fieldset className="space-y-4">
      <legend className="mb-2 text-sm font-semibold text-slate-800">Custom attributes</legend>
      <div className="grid grid-cols-2 gap-4">
        {attributes.map((a) => {
          const id = `custom-${a.name}`;
          const error = (errors.custom as Record<string, { message?: string }> | undefined)?.[a.name]?.message;
          const hint = [a.description, a.multiValued ? "Several values separated by ;" : "", HINTS[a.type] ?? "", a.required ? "Required" : ""].filter(Boolean).join(" · ") || undefined;
          const common = { id, "aria-invalid": !!error, disabled: a.mutability === "readOnly", ...register(`custom.${a.name}`) };
          return (
            <Field key={a.name} label={a.name} htmlFor={id} error={error} hint={hint}>
              {a.type === "boolean" && !a.multiValued ? (
                <Select {...common}>
                  <option value="">—</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </Select>
              ) : a.canonicalValues.length && !a.multiValued ? (
                <Select {...common}>
                  <option value="">—</option>
                  {a.canonicalValues.map((v) => (
                    <option key={v}>{v}</option>
                  ))}
                </Select>
              ) : (
                <Input {...common} inputMode={(a.type === "integer" || a.type === "decimal") && !a.multiValued ? "decimal" : undefined} autoComplete="off" />
              )}
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}
