import { schemaAnchor, schemaName, type JsonSchema } from "./openapi-types";

/** A schema in one line, as a reader scans a type: Application[], string | null, "m2m" | "web"; named schemas link to their section. */
export function SchemaType({ schema }: { schema: JsonSchema }) {
  if (schema.$ref) {
    const name = schemaName(schema.$ref);
    return (
      <a href={`#${schemaAnchor(name)}`} className="text-brand-700 hover:underline">
        {name}
      </a>
    );
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (options)
    return (
      <Joined
        parts={options.map((option, i) => (
          <SchemaType key={i} schema={option} />
        ))}
      />
    );
  if (schema.enum) return <>{schema.enum.map((value) => JSON.stringify(value)).join(" | ")}</>;
  const types = [schema.type ?? "any"].flat();
  return (
    <Joined
      parts={types.map((type) =>
        type === "array" && schema.items ? (
          <span key={type}>
            {isUnion(schema.items) ? "(" : ""}
            <SchemaType schema={schema.items} />
            {isUnion(schema.items) ? ")[]" : "[]"}
          </span>
        ) : (
          <span key={type}>{schema.format && type === "string" ? `string (${schema.format})` : type}</span>
        ),
      )}
    />
  );
}

const isUnion = (schema: JsonSchema) => Boolean(schema.anyOf ?? schema.oneOf ?? (schema.enum && schema.enum.length > 1) ?? (Array.isArray(schema.type) && schema.type.length > 1));

function Joined({ parts }: { parts: React.ReactNode[] }) {
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 && " | "}
          {part}
        </span>
      ))}
    </>
  );
}

/** The rules a schema states besides its type, in words. */
export function constraintsOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  if (schema.default !== undefined) rules.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) rules.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined) rules.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) rules.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) rules.push(`at most ${schema.maxLength} characters`);
  if (schema.maxItems !== undefined) rules.push(`at most ${schema.maxItems} items`);
  if (schema.pattern) rules.push(`matches ${schema.pattern}`);
  return rules;
}
