import { describe, expect, it } from "vitest";
import type { AttrPath } from "../filter/ast.ts";
import {
  COMMON_ATTRIBUTES,
  CUSTOM_USER_SCHEMA,
  customUserSchema,
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  GROUP_SCHEMA,
  GROUP_SCHEMA_DEFINITION,
  ROLE_SCHEMA,
  ROLE_SCHEMA_DEFINITION,
  USER_SCHEMA,
  USER_SCHEMA_DEFINITION,
  type CustomAttributeSpec,
} from "./core.ts";
import { GROUP_SCHEMA_REGISTRY, normaliseSchemaAlias, ROLE_SCHEMA_REGISTRY, SchemaRegistry, userSchemaRegistry } from "./registry.ts";
import type { AttributeDefinition } from "./types.ts";

const customRows: CustomAttributeSpec[] = [
  {
    name: "badge",
    type: "string",
    multiValued: false,
    required: false,
    caseExact: true,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
  },
  {
    name: "clearance",
    type: "integer",
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "immutable",
    returned: "request",
    uniqueness: "none",
  },
];
const custom = customUserSchema(customRows);
const users = userSchemaRegistry(custom);

/** [path, schemaId, attribute name, sub-attribute name] or undefined for "not resolvable". */
type Row = [AttrPath, [string, string, string?] | undefined];

describe("SchemaRegistry.resolve (User)", () => {
  const rows: Row[] = [
    [{ attribute: "userName" }, [USER_SCHEMA, "userName"]],
    [{ attribute: "USERNAME" }, [USER_SCHEMA, "userName"]],
    [{ attribute: "name", subAttribute: "GIVENNAME" }, [USER_SCHEMA, "name", "givenName"]],
    [{ attribute: "Emails", subAttribute: "Value" }, [USER_SCHEMA, "emails", "value"]],
    [{ attribute: "emails", subAttribute: "primary" }, [USER_SCHEMA, "emails", "primary"]],
    [{ attribute: "addresses", subAttribute: "postalcode" }, [USER_SCHEMA, "addresses", "postalCode"]],
    [{ attribute: "groups", subAttribute: "$REF" }, [USER_SCHEMA, "groups", "$ref"]],
    [{ attribute: "x509certificates" }, [USER_SCHEMA, "x509Certificates"]],
    [{ attribute: "password" }, [USER_SCHEMA, "password"]],
    // common attributes (RFC 7643 §3.1), bare or under the core URN
    [{ attribute: "id" }, [USER_SCHEMA, "id"]],
    [{ attribute: "ExternalId" }, [USER_SCHEMA, "externalId"]],
    [{ attribute: "meta", subAttribute: "lastmodified" }, [USER_SCHEMA, "meta", "lastModified"]],
    [{ schema: USER_SCHEMA, attribute: "meta", subAttribute: "version" }, [USER_SCHEMA, "meta", "version"]],
    // URN-qualified
    [{ schema: USER_SCHEMA, attribute: "userName" }, [USER_SCHEMA, "userName"]],
    [{ schema: USER_SCHEMA.toUpperCase(), attribute: "userName" }, [USER_SCHEMA, "userName"]],
    [{ schema: ENTERPRISE_USER_SCHEMA, attribute: "employeeNumber" }, [ENTERPRISE_USER_SCHEMA, "employeeNumber"]],
    [{ schema: ENTERPRISE_USER_SCHEMA.toLowerCase(), attribute: "EMPLOYEENUMBER" }, [ENTERPRISE_USER_SCHEMA, "employeeNumber"]],
    [{ schema: ENTERPRISE_USER_SCHEMA, attribute: "manager", subAttribute: "value" }, [ENTERPRISE_USER_SCHEMA, "manager", "value"]],
    [{ schema: ENTERPRISE_USER_SCHEMA, attribute: "manager", subAttribute: "displayName" }, [ENTERPRISE_USER_SCHEMA, "manager", "displayName"]],
    [{ schema: CUSTOM_USER_SCHEMA, attribute: "Badge" }, [CUSTOM_USER_SCHEMA, "badge"]],
    // unknown
    [{ attribute: "employeeNumber" }, undefined],
    [{ attribute: "nope" }, undefined],
    [{ attribute: "name", subAttribute: "nope" }, undefined],
    [{ attribute: "userName", subAttribute: "value" }, undefined],
    [{ schema: ENTERPRISE_USER_SCHEMA, attribute: "userName" }, undefined],
    [{ schema: ENTERPRISE_USER_SCHEMA, attribute: "id" }, undefined],
    [{ schema: "urn:example:unknown", attribute: "userName" }, undefined],
    [{ schema: GROUP_SCHEMA, attribute: "displayName" }, undefined],
  ];

  it.each(rows)("%j", (path, expected) => {
    const resolved = users.resolve(path);
    if (expected === undefined) {
      expect(resolved).toBeUndefined();
      return;
    }
    expect(resolved?.schemaId).toBe(expected[0]);
    expect(resolved?.attribute.name).toBe(expected[1]);
    expect(resolved?.subAttribute?.name).toBe(expected[2]);
  });

  it("needs the custom schema to resolve custom attributes", () => {
    expect(userSchemaRegistry().resolve({ schema: CUSTOM_USER_SCHEMA, attribute: "badge" })).toBeUndefined();
    expect(userSchemaRegistry().extensionIds).toEqual([ENTERPRISE_USER_SCHEMA]);
  });
});

describe("SchemaRegistry.resolve (Group, Role)", () => {
  const rows: Array<[SchemaRegistry, AttrPath, string | undefined]> = [
    [GROUP_SCHEMA_REGISTRY, { attribute: "displayname" }, "displayName"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "members", subAttribute: "value" }, "members.value"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "members", subAttribute: "display" }, "members.display"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "members", subAttribute: "$ref" }, "members.$ref"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "members", subAttribute: "type" }, "members.type"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "externalId" }, "externalId"],
    [GROUP_SCHEMA_REGISTRY, { attribute: "userName" }, undefined],
    [ROLE_SCHEMA_REGISTRY, { attribute: "audience", subAttribute: "type" }, "audience.type"],
    [ROLE_SCHEMA_REGISTRY, { attribute: "permissions", subAttribute: "value" }, "permissions.value"],
    [ROLE_SCHEMA_REGISTRY, { schema: ROLE_SCHEMA, attribute: "users", subAttribute: "$ref" }, "users.$ref"],
    [ROLE_SCHEMA_REGISTRY, { attribute: "groups", subAttribute: "display" }, "groups.display"],
    [ROLE_SCHEMA_REGISTRY, { attribute: "members" }, undefined],
  ];

  it.each(rows)("%#: %j", (registry, path, expected) => {
    const r = registry.resolve(path);
    const got = r === undefined ? undefined : r.subAttribute ? `${r.attribute.name}.${r.subAttribute.name}` : r.attribute.name;
    expect(got).toBe(expected);
  });
});

describe("SchemaRegistry.caseExact", () => {
  const rows: Array<[AttrPath, boolean]> = [
    [{ attribute: "id" }, true],
    [{ attribute: "externalId" }, true],
    [{ attribute: "userName" }, false],
    [{ attribute: "emails", subAttribute: "value" }, false],
    // a complex attribute compared bare stands for its "value"
    [{ attribute: "emails" }, false],
    [{ attribute: "meta", subAttribute: "version" }, true],
    [{ attribute: "meta", subAttribute: "location" }, true],
    [{ schema: CUSTOM_USER_SCHEMA, attribute: "badge" }, true],
    [{ attribute: "unknown" }, false],
  ];
  it.each(rows)("%j → %s", (path, expected) => {
    expect(users.caseExact(path)).toBe(expected);
  });
});

describe("SchemaRegistry.splitExtensionKey", () => {
  const rows: Array<[string, AttrPath | undefined]> = [
    [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`, { schema: ENTERPRISE_USER_SCHEMA, attribute: "employeeNumber" }],
    [`${ENTERPRISE_USER_SCHEMA}:manager.value`, { schema: ENTERPRISE_USER_SCHEMA, attribute: "manager", subAttribute: "value" }],
    [`${ENTERPRISE_USER_SCHEMA.toUpperCase()}:manager`, { schema: ENTERPRISE_USER_SCHEMA, attribute: "manager" }],
    [`${USER_SCHEMA}:name.givenName`, { schema: USER_SCHEMA, attribute: "name", subAttribute: "givenName" }],
    [`${CUSTOM_USER_SCHEMA}:badge`, { schema: CUSTOM_USER_SCHEMA, attribute: "badge" }],
    [ENTERPRISE_USER_SCHEMA, undefined],
    [`${ENTERPRISE_USER_SCHEMA}:`, undefined],
    [`${ENTERPRISE_USER_SCHEMA}:a.b.c`, undefined],
    [`${ENTERPRISE_USER_SCHEMA}:bad name`, undefined],
    ["urn:example:other:thing", undefined],
    ["employeeNumber", undefined],
  ];
  it.each(rows)("%s", (key, expected) => {
    expect(users.splitExtensionKey(key)).toEqual(expected);
  });
});

describe("extension ids and the EnterpriseUser alias", () => {
  it("normaliseSchemaAlias", () => {
    expect(normaliseSchemaAlias("EnterpriseUser")).toBe(ENTERPRISE_USER_SCHEMA);
    expect(normaliseSchemaAlias("enterpriseuser")).toBe(ENTERPRISE_USER_SCHEMA);
    expect(normaliseSchemaAlias("emails")).toBe("emails");
  });

  it("extensionId and extensionOfPath", () => {
    expect(users.coreId).toBe(USER_SCHEMA);
    expect(users.extensionIds).toEqual([ENTERPRISE_USER_SCHEMA, CUSTOM_USER_SCHEMA]);
    expect(users.extensionId(ENTERPRISE_USER_SCHEMA.toLowerCase())).toBe(ENTERPRISE_USER_SCHEMA);
    expect(users.extensionId("EnterpriseUser")).toBe(ENTERPRISE_USER_SCHEMA);
    expect(users.extensionId(USER_SCHEMA)).toBeUndefined();
    expect(users.extensionOfPath({ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", attribute: "User" })).toBe(ENTERPRISE_USER_SCHEMA);
    expect(users.extensionOfPath({ schema: "urn:scim:schemas:extension:custom", attribute: "user" })).toBe(CUSTOM_USER_SCHEMA);
    expect(users.extensionOfPath({ schema: ENTERPRISE_USER_SCHEMA, attribute: "manager" })).toBeUndefined();
  });

  it("attributes() lists the common attributes with the core schema", () => {
    const names = users.attributes(USER_SCHEMA).map((a) => a.name);
    expect(names.slice(0, 3)).toEqual(["id", "externalId", "meta"]);
    expect(names).toContain("userName");
    expect(users.attributes(CUSTOM_USER_SCHEMA).map((a) => a.name)).toEqual(["badge", "clearance"]);
    expect(users.attributes("urn:nope")).toEqual([]);
  });
});

describe("schema definitions", () => {
  const find = (list: readonly AttributeDefinition[], name: string) => list.find((a) => a.name === name)!;

  it("covers RFC 7643 §4.1 User attributes", () => {
    const names = USER_SCHEMA_DEFINITION.attributes.map((a) => a.name);
    expect(names).toEqual([
      "userName",
      "name",
      "displayName",
      "nickName",
      "profileUrl",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
      "active",
      "password",
      "emails",
      "phoneNumbers",
      "ims",
      "photos",
      "addresses",
      "groups",
      "entitlements",
      "roles",
      "x509Certificates",
    ]);
    const password = find(USER_SCHEMA_DEFINITION.attributes, "password");
    expect([password.mutability, password.returned]).toEqual(["writeOnly", "never"]);
    expect(find(USER_SCHEMA_DEFINITION.attributes, "groups").mutability).toBe("readOnly");
    expect(find(USER_SCHEMA_DEFINITION.attributes, "userName")).toMatchObject({ required: true, uniqueness: "server" });
    const id = find(COMMON_ATTRIBUTES, "id");
    expect(id).toMatchObject({ mutability: "readOnly", returned: "always", caseExact: true });
  });

  it("defines group members, the enterprise manager and the WSO2 role", () => {
    const members = find(GROUP_SCHEMA_DEFINITION.attributes, "members");
    expect(members.subAttributes?.map((s) => s.name)).toEqual(["value", "$ref", "display", "type"]);
    const manager = find(ENTERPRISE_USER_SCHEMA_DEFINITION.attributes, "manager");
    expect(manager.subAttributes?.map((s) => s.name)).toEqual(["value", "$ref", "displayName"]);
    expect(ROLE_SCHEMA_DEFINITION.attributes.map((a) => a.name)).toEqual(["displayName", "audience", "permissions", "users", "groups"]);
    expect(find(ROLE_SCHEMA_DEFINITION.attributes, "displayName").required).toBe(true);
  });

  it("freezes the shared definitions", () => {
    expect(Object.isFrozen(USER_SCHEMA_DEFINITION.attributes[0])).toBe(true);
    expect(() => {
      (USER_SCHEMA_DEFINITION.attributes as AttributeDefinition[]).push(COMMON_ATTRIBUTES[0]!);
    }).toThrow();
  });

  it("memoises the custom schema on the row list", () => {
    expect(customUserSchema(customRows)).toBe(custom);
    expect(customUserSchema([...customRows])).not.toBe(custom);
    expect(custom.attributes[1]).toMatchObject({ name: "clearance", type: "integer", mutability: "immutable", description: "" });
  });
});
