import { DataTable } from "@/components/ui/data-table";
import { schemaName, type OpenApiDocument, type Operation } from "./openapi-types";
import { SchemaProperties } from "./schema-properties";
import { constraintsOf, SchemaType } from "./schema-type";

const methodColour: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  patch: "bg-violet-100 text-violet-800",
  delete: "bg-red-100 text-red-800",
};

/** One operation: what it does, who may call it, what it takes and what it answers. */
export function OperationSection({ method, path, operation, api }: { method: string; path: string; operation: Operation; api: OpenApiDocument }) {
  const body = operation.requestBody;
  return (
    <section id={operation.operationId} aria-labelledby={`${operation.operationId}-heading`} className="rounded-lg border border-slate-200 bg-white p-5">
      <h3 id={`${operation.operationId}-heading`} className="flex flex-wrap items-baseline gap-3">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${methodColour[method] ?? ""}`}>{method}</span>
        <code className="text-sm">{path}</code>
        <span className="text-base font-semibold text-slate-900">{operation.summary}</span>
      </h3>
      {operation.description && <p className="mt-2 text-sm text-slate-700">{operation.description}</p>}
      <p className="mt-2 text-xs text-slate-500">
        {operation["x-permission"] ? (
          <>
            Permission: <code>{operation["x-permission"]}</code>
          </>
        ) : (
          "No authentication"
        )}
      </p>

      {operation.parameters?.length ? (
        <DataTable label={`${operation.operationId} parameters`} className="mt-4" columns={["Parameter", "In", "Type", "Description"]}>
          {operation.parameters.map((p) => (
            <tr key={`${p.in}:${p.name}`} className="align-top">
              <td className="px-4 py-2 font-mono text-xs">
                {p.name}
                {p.required && (
                  <span className="ml-1 text-red-600" title="required">
                    *
                  </span>
                )}
              </td>
              <td className="px-4 py-2 text-xs">{p.in}</td>
              <td className="px-4 py-2 font-mono text-xs">
                <SchemaType schema={p.schema} />
              </td>
              <td className="px-4 py-2 text-slate-700">
                {p.description}
                {constraintsOf(p.schema).length > 0 && <div className="text-xs text-slate-500">{constraintsOf(p.schema).join("; ")}</div>}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}

      {body && (
        <div className="mt-4">
          <h4 className="mb-1 text-sm font-semibold text-slate-900">Request body{body.required ? "" : " (optional)"}</h4>
          {body.description && <p className="mb-1 text-sm text-slate-700">{body.description}</p>}
          <SchemaProperties schema={body.content["application/json"].schema} label={`${operation.operationId} request body`} />
        </div>
      )}

      <h4 className="mb-1 mt-4 text-sm font-semibold text-slate-900">Responses</h4>
      <ul className="space-y-1 text-sm">
        {Object.entries(operation.responses).map(([status, response]) => {
          // error answers are shared: their description and body are under components.responses
          const answer = response.$ref ? api.components.responses[schemaName(response.$ref)] : response;
          const schema = answer?.content?.["application/json"].schema;
          return (
            <li key={status} className="flex flex-wrap gap-2">
              <span className="w-10 font-mono font-semibold">{status}</span>
              <span className="text-slate-700">{answer?.description}</span>
              {schema && (
                <code className="text-xs">
                  <SchemaType schema={schema} />
                </code>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
