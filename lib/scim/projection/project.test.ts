import { describe, expect, it } from "vitest";
import { CUSTOM_USER_SCHEMA as CUSTOM, customUserSchema, ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, USER_SCHEMA } from "../schema/core.ts";
import { GROUP_SCHEMA_REGISTRY, userSchemaRegistry } from "../schema/registry.ts";
import { isAttributeReturned, parseAttributeList, project, type ProjectionOptions } from "./project.ts";

type Json = Record<string, unknown>;

const users = userSchemaRegistry(
  customUserSchema([
    {
      name: "badge",
      type: "string",
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
    },
    {
      name: "secretQuestion",
      type: "string",
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: "writeOnly",
      returned: "never",
      uniqueness: "none",
    },
    {
      name: "clearance",
      type: "integer",
      multiValued: false,
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "request",
      uniqueness: "none",
    },
  ]),
);

const user: Json = {
  schemas: [USER_SCHEMA, ENT, CUSTOM],
  id: "u1",
  externalId: "e1",
  userName: "bjensen",
  password: "hunter22",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "b@x.com", type: "work", primary: true },
    { value: "b@home.org", type: "home" },
  ],
  meta: { resourceType: "User", version: 'W/"1"' },
  [ENT]: { employeeNumber: "42", manager: { value: "m1", displayName: "Boss" } },
  [CUSTOM]: { badge: "B-7", secretQuestion: "pet", clearance: 3 },
};

const pick = (...keys: string[]): Json => Object.fromEntries(Object.entries(user).filter(([k]) => keys.includes(k)));
const { password: _password, ...withoutPassword } = user;
const defaultView: Json = { ...withoutPassword, [CUSTOM]: { badge: "B-7" } };

const rows: Array<[string, ProjectionOptions, Json]> = [
  ["no parameters: default set, never and request left out", {}, defaultView],
  ["empty lists act as absent", { attributes: [], excludedAttributes: [] }, defaultView],
  ["attributes=userName keeps id and schemas", { attributes: ["userName"] }, pick("schemas", "id", "userName")],
  ["names are case-insensitive", { attributes: ["USERNAME", "EXTERNALID"] }, pick("schemas", "id", "userName", "externalId")],
  ["password is never returned, even when asked", { attributes: ["password"] }, pick("schemas", "id")],
  ["a sub-attribute of a complex attribute", { attributes: ["name.givenName"] }, { ...pick("schemas", "id"), name: { givenName: "Barbara" } }],
  ["a sub-attribute of a multi-valued attribute", { attributes: ["emails.value"] }, { ...pick("schemas", "id"), emails: [{ value: "b@x.com" }, { value: "b@home.org" }] }],
  ["a whole attribute and one of its sub-attributes", { attributes: ["emails.value", "emails"] }, { ...pick("schemas", "id", "emails") }],
  ["a fully qualified extension attribute", { attributes: [`${ENT}:employeeNumber`] }, { ...pick("schemas", "id"), [ENT]: { employeeNumber: "42" } }],
  ["a fully qualified extension sub-attribute", { attributes: [`${ENT.toLowerCase()}:manager.value`] }, { ...pick("schemas", "id"), [ENT]: { manager: { value: "m1" } } }],
  ["a whole extension URN", { attributes: [ENT] }, { ...pick("schemas", "id", ENT) }],
  ["a qualified core attribute", { attributes: [`${USER_SCHEMA}:userName`] }, pick("schemas", "id", "userName")],
  ["returned=request only when named", { attributes: [`${CUSTOM}:clearance`] }, { ...pick("schemas", "id"), [CUSTOM]: { clearance: 3 } }],
  ["a whole extension brings request attributes but not never ones", { attributes: [CUSTOM] }, { ...pick("schemas", "id"), [CUSTOM]: { badge: "B-7", clearance: 3 } }],
  ["unknown names are ignored", { attributes: ["nope", "userName", "a.b.c", ""] }, pick("schemas", "id", "userName")],
  ["meta is a default attribute", { attributes: ["meta.version"] }, { ...pick("schemas", "id"), meta: { version: 'W/"1"' } }],
  ["excluding an attribute", { excludedAttributes: ["emails", "name"] }, (({ emails: _e, name: _n, ...rest }) => rest)(defaultView)],
  ["id cannot be excluded", { excludedAttributes: ["id", "schemas"] }, defaultView],
  [
    "excluding a sub-attribute",
    { excludedAttributes: ["emails.primary", "name.familyName"] },
    {
      ...defaultView,
      name: { givenName: "Barbara" },
      emails: [
        { value: "b@x.com", type: "work" },
        { value: "b@home.org", type: "home" },
      ],
    },
  ],
  ["excluding an extension attribute", { excludedAttributes: [`${ENT}:manager`] }, { ...defaultView, [ENT]: { employeeNumber: "42" } }],
  ["excluding every attribute of an extension drops its object", { excludedAttributes: [`${CUSTOM}:badge`] }, (({ [CUSTOM]: _c, ...rest }) => rest)(defaultView)],
  ["excluding a whole extension", { excludedAttributes: [ENT] }, (({ [ENT]: _x, ...rest }) => rest)(defaultView)],
  ["attributes wins over excludedAttributes", { attributes: ["userName"], excludedAttributes: ["userName"] }, pick("schemas", "id", "userName")],
];

describe("project", () => {
  it.each(rows)("%s", (_name, options, expected) => {
    const input = structuredClone(user);
    expect(project(input, users, options)).toEqual(expected);
    expect(input).toEqual(user);
  });

  it("excludedAttributes=members for groups", () => {
    const group = { schemas: [GROUP_SCHEMA], id: "g1", displayName: "Admins", members: [{ value: "u1" }] };
    expect(project(group, GROUP_SCHEMA_REGISTRY, { excludedAttributes: ["members"] })).toEqual({
      schemas: [GROUP_SCHEMA],
      id: "g1",
      displayName: "Admins",
    });
  });

  it("members unknown to the schemas count as default", () => {
    const input = { ...user, internalNote: "x" };
    expect(project(input, users)).toHaveProperty("internalNote", "x");
    expect(project(input, users, { attributes: ["userName"] })).not.toHaveProperty("internalNote");
  });
});

describe("isAttributeReturned", () => {
  const rows: Array<[ProjectionOptions, string, boolean]> = [
    [{}, "members", true],
    [{ excludedAttributes: ["members"] }, "members", false],
    [{ excludedAttributes: ["MEMBERS"] }, "members", false],
    [{ attributes: ["displayName"] }, "members", false],
    [{ attributes: ["members.value"] }, "members", true],
    [{ attributes: ["displayName"] }, "id", true],
    [{ attributes: ["members.value"] }, "members.display", false],
    [{ excludedAttributes: ["members.display"] }, "members.value", true],
  ];
  it.each(rows)("%j %s → %s", (options, name, expected) => {
    expect(isAttributeReturned(GROUP_SCHEMA_REGISTRY, options, name)).toBe(expected);
  });

  it("never for password", () => {
    expect(isAttributeReturned(users, { attributes: ["password"] }, "password")).toBe(false);
  });
});

describe("parseAttributeList", () => {
  const rows: Array<[string | null, string[]]> = [
    [null, []],
    ["", []],
    ["userName", ["userName"]],
    ["userName, name.givenName ,emails", ["userName", "name.givenName", "emails"]],
    ["userName,,USERNAME", ["userName"]],
    [`${ENT}:employeeNumber,${ENT}:manager.value`, [`${ENT}:employeeNumber`, `${ENT}:manager.value`]],
  ];
  it.each(rows)("%j", (param, expected) => {
    expect(parseAttributeList(param)).toEqual(expected);
  });
});
