import { connectionCreateInput } from "./schemas/identity-providers";
import { claimsInput, jitInput } from "./schemas/federation";
import { loginFlowInput } from "./schemas/applications";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applicationInputSchema, inboundInputSchema } from "../identity/applications.ts";
import { customAttributeSchema } from "../identity/custom-attributes.ts";
import { settingSchemas } from "../identity/settings.ts";
import { userStoreInputSchema } from "../identity/user-stores.ts";
import { connectionInputSchema } from "../provisioning/connections.ts";
import { provisionerInputSchema } from "../provisioning/provisioners.ts";
import { openApi31Errors } from "../../test/support/openapi-validator.ts";
import { openApiDocument, type JsonObject } from "./openapi.ts";
import { ADMIN_API_BASE_PATH, ADMIN_API_OPERATIONS } from "./operations.ts";

const doc = openApiDocument() as {
  openapi: string;
  info: JsonObject;
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject>; securitySchemes: Record<string, JsonObject> };
};

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"];

const operations = Object.entries(doc.paths).flatMap(([template, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ template, method, op: op as JsonObject & { parameters?: JsonObject[]; responses: Record<string, JsonObject>; security?: Record<string, string[]>[] } })),
);

/** Every object in the document with the JSON pointer leading to it. */
function* objectsIn(value: unknown, pointer = "#"): Generator<[string, JsonObject]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* objectsIn(item, `${pointer}/${i}`);
  } else if (value && typeof value === "object") {
    yield [pointer, value as JsonObject];
    for (const [key, inner] of Object.entries(value)) yield* objectsIn(inner, `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`);
  }
}

function resolve(ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = node && typeof node === "object" && Object.hasOwn(node, key) ? (node as JsonObject)[key] : undefined;
  }
  return node;
}

/** The schema objects of the document: components and every schema under a parameter, body or response. */
function* schemasIn(): Generator<[string, JsonObject]> {
  for (const [pointer, object] of objectsIn(doc)) {
    if (/\/schemas\/[^/]+$|\/schema$/.test(pointer)) yield* objectsIn(object, pointer);
  }
}

describe("admin API OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by the specification's JSON Schema, Schema Objects included", async () => {
    expect(await openApi31Errors(doc)).toEqual([]);
  });

  it("is checked by a validator that refuses a broken document or a broken schema in it", async () => {
    // the validator itself must be able to fail: a response without its description, and a schema of a type that
    // JSON Schema does not have
    const broken = structuredClone(doc);
    const { template, method, op } = operations[0];
    const [status] = Object.entries(op.responses).find(([, response]) => typeof response.description === "string")!;
    delete (broken.paths[template][method] as typeof op).responses[status].description;
    const [schemaName] = Object.keys(broken.components.schemas);
    broken.components.schemas[schemaName].type = "text";
    const errors = await openApi31Errors(broken);
    const at = (pointer: string) => errors.some((e) => e.startsWith(pointer));
    expect(at(`#/paths/${template.replaceAll("/", "~1")}/${method}/responses/${status}`), errors.join("\n")).toBe(true);
    expect(at(`#/components/schemas/${schemaName}/type:`), errors.join("\n")).toBe(true);
  });

  it("is an OpenAPI 3.1 document with its info, server and tags", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc).toMatchObject({ servers: [{ url: ADMIN_API_BASE_PATH }] });
    const tags = doc.tags.map((t) => t.name);
    expect(new Set(tags).size).toBe(tags.length);
    for (const { template, method, op } of operations) for (const tag of op.tags as string[]) expect(tags, `${method} ${template}`).toContain(tag);
  });

  it("gives every operation a unique id, a summary and responses that each have a description", () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { template, method, op } of operations) {
      const where = `${method} ${template}`;
      expect(op.operationId, where).toEqual(expect.any(String));
      expect(op.summary, where).toEqual(expect.any(String));
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, where).toMatch(/^[1-5]\d\d$/);
        const answer = (response.$ref ? resolve(response.$ref as string) : response) as JsonObject;
        expect(answer?.description, `${where} ${status}`).toEqual(expect.any(String));
      }
    }
  });

  it("resolves every $ref inside the document", () => {
    const refs = [...objectsIn(doc)].filter(([, o]) => typeof o.$ref === "string");
    expect(refs.length).toBeGreaterThan(20);
    for (const [pointer, { $ref }] of refs) expect(resolve($ref as string), `${pointer}: ${$ref}`).toBeDefined();
  });

  it("declares every path parameter, and only those, as required", () => {
    for (const { template, method, op } of operations) {
      const named = [...template.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name);
      const declared = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort(), `${method} ${template}`).toEqual([...named].sort());
      for (const p of declared) expect(p, `${method} ${template} {${p.name}}`).toMatchObject({ required: true, schema: expect.any(Object) });
      const keys = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      expect(new Set(keys).size, `${method} ${template}`).toBe(keys.length);
    }
  });

  it("names only security schemes and scopes it defines, and answers 401 and 403 where credentials are needed", () => {
    const scopes = Object.keys((doc.components.securitySchemes.oauth2 as { flows: { clientCredentials: { scopes: object } } }).flows.clientCredentials.scopes);
    for (const { template, method, op } of operations) {
      const where = `${method} ${template}`;
      expect(op.security, where).toBeDefined();
      for (const requirement of op.security!) {
        for (const [scheme, needed] of Object.entries(requirement)) {
          expect(doc.components.securitySchemes[scheme], `${where}: ${scheme}`).toBeDefined();
          for (const scope of needed) expect(scopes, `${where}: ${scope}`).toContain(scope);
        }
      }
      if (op.security!.length) expect(Object.keys(op.responses), where).toEqual(expect.arrayContaining(["401", "403"]));
    }
  });

  it("holds JSON Schema 2020-12 schemas without the leftovers of a single-schema conversion or of OpenAPI 3.0", () => {
    const types = ["string", "number", "integer", "boolean", "object", "array", "null"];
    for (const [pointer, schema] of schemasIn()) {
      for (const key of ["$schema", "$id", "$defs", "nullable", "id"]) {
        // "id" is a property name inside `properties`, never a keyword
        if (!pointer.endsWith("/properties")) expect(schema, pointer).not.toHaveProperty(key);
      }
      if (pointer.endsWith("/properties")) continue;
      for (const type of [schema.type ?? []].flat()) expect(types, pointer).toContain(type);
      if (Array.isArray(schema.required)) for (const name of schema.required) expect(schema.properties, `${pointer} requires ${name}`).toHaveProperty([name]);
    }
  });
});

describe("admin API operations", () => {
  const root = path.resolve(import.meta.dirname, "../../app", `.${ADMIN_API_BASE_PATH}`);
  const routeFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? routeFiles(path.join(dir, entry.name)) : entry.name === "route.ts" ? [path.join(dir, entry.name)] : []));
  const routes = routeFiles(root).flatMap((file) => {
    const template = `/${path.relative(root, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
    return [...readFileSync(file, "utf8").matchAll(/export const (GET|PUT|POST|PATCH|DELETE) = (?:adminRoute\("(\w+)")?/g)].map(([, method, permission]) => ({
      key: `${method.toLowerCase()} ${template}`,
      permission: permission ?? null,
    }));
  });

  it("describes every method of every admin API route, with the permission the route checks", () => {
    expect(routes.length).toBeGreaterThan(40);
    const described = new Map(ADMIN_API_OPERATIONS.map((op) => [`${op.method} ${op.path}`, op.permission]));
    expect([...described.keys()].sort()).toEqual(routes.map((r) => r.key).sort());
    for (const route of routes) expect(described.get(route.key), route.key).toBe(route.permission);
  });

  it("describes requests with the schemas the store and the handlers validate with", () => {
    const body = (operationId: string) => ADMIN_API_OPERATIONS.find((op) => op.operationId === operationId)?.body?.schema;
    expect(body("createApplication")).toBe(applicationInputSchema);
    expect(body("putApplicationInboundProvisioning")).toBe(inboundInputSchema);
    expect(body("putResidentInboundProvisioning")).toBe(inboundInputSchema);
    expect(body("createUserStore")).toBe(userStoreInputSchema);
    expect(body("createCustomAttribute")).toBe(customAttributeSchema);
    // the create request also takes the federation parts, which its handler checks with this schema
    expect(body("createIdentityProvider")).toBe(connectionCreateInput);
    expect(connectionCreateInput.shape.name).toBe(connectionInputSchema.shape.name);
    expect(body("putJustInTimeProvisioning")).toBe(jitInput);
    expect(body("putIdentityProviderClaims")).toBe(claimsInput);
    expect(body("putApplicationLoginFlow")).toBe(loginFlowInput);
    expect(body("putIdentityProvider")).toBe(connectionInputSchema);
    expect(body("addResidentOutboundProvisioner")).toBe(provisionerInputSchema);
    expect(body("addApplicationOutboundProvisioner")).toBe(provisionerInputSchema);
    const settingBodies = (body("putSetting") as unknown as { options: unknown[] }).options;
    expect(settingBodies).toEqual(Object.values(settingSchemas));
  });
});
