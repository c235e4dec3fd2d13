import { DataTable } from "@/components/ui/data-table";
import type { JsonSchema } from "./openapi-types";
import { constraintsOf, SchemaType } from "./schema-type";

/** An object schema's fields, one row each; any other schema as its one-line type. */
export function SchemaProperties({ schema, label }: { schema: JsonSchema; label: string }) {
  if (!schema.properties) {
    return (
      <p className="text-sm text-slate-700">
        <code>
          <SchemaType schema={schema} />
        </code>
      </p>
    );
  }
  const required = new Set(schema.required ?? []);
  return (
    <DataTable label={label} columns={["Field", "Type", "Description"]}>
      {Object.entries(schema.properties).map(([name, field]) => (
        <tr key={name} className="align-top">
          <td className="px-4 py-2 font-mono text-xs">
            {name}
            {required.has(name) && (
              <span className="ml-1 text-red-600" title="required">
                *
              </span>
            )}
          </td>
          <td className="px-4 py-2 font-mono text-xs">
            <SchemaType schema={field} />
          </td>
          <td className="px-4 py-2 text-slate-700">
            {field.description}
            {constraintsOf(field).length > 0 && <div className="text-xs text-slate-500">{constraintsOf(field).join("; ")}</div>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
