"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import { Button, PageHeader } from "@/components/ui/controls";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import type { CustomAttribute } from "@/lib/identity/custom-attribute-schema";
import { ENTERPRISE_USER_SCHEMA_DEFINITION, USER_SCHEMA_DEFINITION, CUSTOM_USER_SCHEMA } from "@/lib/scim/schema/core";
import type { AttributeDefinition, SchemaDefinition } from "@/lib/scim/schema/types";
import { AttributeForm } from "./attribute-form";
import { CUSTOM_ATTRIBUTES_PATH, useCustomAttributes } from "./use-custom-attributes";

const path = (name: string) => `${CUSTOM_ATTRIBUTES_PATH}/${encodeURIComponent(name)}`;
const flags = (a: { multiValued: boolean; required: boolean; caseExact: boolean }) =>
  [a.multiValued && "multi-valued", a.required && "required", a.caseExact && "case-exact"].filter(Boolean).join(", ") || "—";

export function AttributesPage() {
  const attributes = useCustomAttributes();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<CustomAttribute | "new">();
  const [deleting, setDeleting] = useState<{ attribute: CustomAttribute; usersWithValue: number }>();
  const [busy, setBusy] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["custom-attributes"] });
  const askDelete = async (attribute: CustomAttribute) => {
    try {
      const { usersWithValue } = await api<CustomAttribute & { usersWithValue: number }>(path(attribute.name));
      setDeleting({ attribute, usersWithValue });
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };
  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await api(path(deleting.attribute.name), { method: "DELETE" });
      await refresh();
      toast("success", `Attribute ${deleting.attribute.name} deleted`);
      setDeleting(undefined);
    } catch (err) {
      toast("error", (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Attributes"
        description={`The user attributes of the SCIM 2.0 schemas. Custom ones (${CUSTOM_USER_SCHEMA}) are yours to define; /scim2/Schemas shows changes at once.`}
        actions={!editing && <Button onClick={() => setEditing("new")}>New attribute</Button>}
      />
      {editing && (
        <div className="mb-8">
          <AttributeForm
            key={editing === "new" ? "new" : editing.name}
            initial={editing === "new" ? undefined : editing}
            onCancel={() => setEditing(undefined)}
            onSubmit={async (definition) => {
              const saved = await api<CustomAttribute>(editing === "new" ? CUSTOM_ATTRIBUTES_PATH : path(editing.name), {
                method: editing === "new" ? "POST" : "PUT",
                json: definition,
              });
              await refresh();
              toast("success", editing === "new" ? `Attribute ${saved.name} added` : `Attribute ${saved.name} saved`);
              setEditing(undefined);
            }}
          />
        </div>
      )}
      <section aria-labelledby="custom-heading" className="mb-8">
        <h2 id="custom-heading" className="mb-2 text-lg font-semibold">
          Custom attributes
        </h2>
        <DataTable
          label="Custom attributes"
          columns={["Name", "Type", "Characteristics", "Mutability", "Returned", "Description", { label: "Actions", visuallyHidden: true }]}
          loading={attributes.isLoading}
          error={attributes.error}
          empty={attributes.data?.length === 0 && "No custom attributes yet."}
        >
          {attributes.data?.map((a) => (
            <tr key={a.name}>
              <td className="px-4 py-2 font-medium">{a.name}</td>
              <td className="px-4 py-2">{a.type}</td>
              <td className="px-4 py-2">{flags(a)}</td>
              <td className="px-4 py-2">{a.mutability}</td>
              <td className="px-4 py-2">{a.returned}</td>
              <td className="px-4 py-2">
                {a.description || "—"}
                {a.canonicalValues.length > 0 && <span className="block text-xs text-slate-500">One of {a.canonicalValues.join(", ")}</span>}
              </td>
              <td className="whitespace-nowrap px-4 py-2 text-right">
                <Button variant="secondary" className="mr-2" aria-label={`Edit ${a.name}`} onClick={() => setEditing(a)}>
                  Edit
                </Button>
                <Button variant="secondary" aria-label={`Delete ${a.name}`} onClick={() => askDelete(a)}>
                  Delete
                </Button>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
      <ReadOnlySchema schema={ENTERPRISE_USER_SCHEMA_DEFINITION} title="Enterprise User attributes" />
      <ReadOnlySchema schema={USER_SCHEMA_DEFINITION} title="Core User attributes" />
      <ConfirmDialog
        open={!!deleting}
        title={`Delete attribute ${deleting?.attribute.name ?? ""}?`}
        confirmLabel="Delete attribute"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setDeleting(undefined)}
      >
        <p data-testid="delete-attribute-usage">
          {deleting?.usersWithValue
            ? `${deleting.usersWithValue === 1 ? "1 user holds a value" : `${deleting.usersWithValue} users hold a value`} of it; ${deleting.usersWithValue === 1 ? "that value is" : "those values are"} removed too.`
            : "No user holds a value of it."}
        </p>
      </ConfirmDialog>
    </>
  );
}

/** A standard schema's attributes, as /scim2/Schemas defines them: listed, never edited. */
function ReadOnlySchema({ schema, title }: { schema: SchemaDefinition; title: string }) {
  const rows: { name: string; a: AttributeDefinition }[] = schema.attributes.flatMap((a) => [
    { name: a.name, a },
    ...(a.subAttributes ?? []).map((sub) => ({ name: `${a.name}.${sub.name}`, a: sub })),
  ]);
  const id = `${schema.name}-heading`;
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mb-2 font-mono text-xs text-slate-500">{schema.id} · read-only</p>
      <DataTable label={title} columns={["Name", "Type", "Characteristics", "Mutability", "Returned", "Description"]}>
        {rows.map(({ name, a }) => (
          <tr key={name}>
            <td className="px-4 py-2 font-medium">{name}</td>
            <td className="px-4 py-2">{a.type}</td>
            <td className="px-4 py-2">{flags(a)}</td>
            <td className="px-4 py-2">{a.mutability}</td>
            <td className="px-4 py-2">{a.returned}</td>
            <td className="px-4 py-2 text-slate-600">{a.description}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
