import { PageHeader } from "@/components/ui/controls";
import { schemaAnchor, tagAnchor, type OpenApiDocument } from "./openapi-types";
import { OperationSection } from "./operation-section";
import { SchemaProperties } from "./schema-properties";

/** The admin API's OpenAPI document as a page: operations by tag, then the named schemas they refer to. */
export function ApiReference({ api }: { api: OpenApiDocument }) {
  const server = api.servers[0]?.url ?? "";
  const operations = Object.entries(api.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
  const taggedWith = (tag: string) => operations.filter(({ operation }) => operation.tags.includes(tag));
  return (
    <>
      <PageHeader
        title="Admin API reference"
        description={api.info.description}
        actions={
          <a href={`${server}/openapi.json`} className="text-sm text-brand-700 hover:underline">
            OpenAPI document (JSON)
          </a>
        }
      />
      <p className="mb-6 text-sm text-slate-600">
        Paths are relative to <code>{server}</code>. Fields marked <span className="text-red-600">*</span> are required.
      </p>
      <nav aria-label="Operations" className="mb-8 columns-2 text-sm">
        {api.tags.map((tag) => (
          <div key={tag.name} className="mb-3 break-inside-avoid">
            <a href={`#${tagAnchor(tag.name)}`} className="font-semibold text-slate-900 hover:underline">
              {tag.name}
            </a>
            <ul>
              {taggedWith(tag.name).map(({ method, operation }) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`} className="text-brand-700 hover:underline">
                    <span className="mr-1 font-mono text-xs uppercase text-slate-500">{method}</span>
                    {operation.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      {api.tags.map((tag) => (
        <section key={tag.name} id={tagAnchor(tag.name)} aria-labelledby={`${tagAnchor(tag.name)}-heading`} className="mb-10">
          <h2 id={`${tagAnchor(tag.name)}-heading`} className="text-xl font-semibold text-slate-900">
            {tag.name}
          </h2>
          <p className="mb-4 text-sm text-slate-600">{tag.description}</p>
          <div className="space-y-4">
            {taggedWith(tag.name).map(({ path, method, operation }) => (
              <OperationSection key={operation.operationId} method={method} path={path} operation={operation} api={api} />
            ))}
          </div>
        </section>
      ))}
      <section aria-labelledby="schemas-heading">
        <h2 id="schemas-heading" className="mb-4 text-xl font-semibold text-slate-900">
          Schemas
        </h2>
        <div className="space-y-6">
          {Object.entries(api.components.schemas).map(([name, schema]) => (
            <div key={name} id={schemaAnchor(name)}>
              <h3 className="font-mono text-base font-semibold text-slate-900">{name}</h3>
              {schema.description && <p className="mb-1 text-sm text-slate-700">{schema.description}</p>}
              <SchemaProperties schema={schema} label={`${name} fields`} />
            </div>
          ))}
        </div>
      </section>
    </>
  );
}
