/** The parts of an OpenAPI 3.1 document the reference page reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Response {
  $ref?: string;
  description?: string;
  content?: { "application/json": { schema: JsonSchema } };
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  "x-permission"?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; description?: string; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, Response>;
}

export interface OpenApiDocument {
  info: { title: string; description: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, Response> };
}

export const schemaName = (ref: string) => ref.slice(ref.lastIndexOf("/") + 1);

/** The anchor of a named schema on the page. */
export const schemaAnchor = (name: string) => `schema-${name}`;

export const tagAnchor = (tag: string) => `tag-${tag.replaceAll(" ", "-")}`;
