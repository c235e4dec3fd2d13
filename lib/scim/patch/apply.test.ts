import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "../errors.ts";
import { CUSTOM_USER_SCHEMA, customUserSchema, ENTERPRISE_USER_SCHEMA as ENT, GROUP_SCHEMA, PATCH_OP_SCHEMA, ROLE_SCHEMA, USER_SCHEMA, type CustomAttributeSpec } from "../schema/core.ts";
import { GROUP_SCHEMA_REGISTRY, ROLE_SCHEMA_REGISTRY, SchemaRegistry, userSchemaRegistry } from "../schema/registry.ts";
import { applyPatch } from "./apply.ts";
import { parsePatchRequest } from "./request.ts";

type Json = Record<string, unknown>;

const spec = (name: string, type: CustomAttributeSpec["type"], extra: Partial<CustomAttributeSpec> = {}): CustomAttributeSpec => ({
  name,
  type,
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...extra,
});
const CUSTOM = CUSTOM_USER_SCHEMA;
const users = userSchemaRegistry(
  customUserSchema([
    spec("badge", "string"),
    spec("clearance", "integer", { mutability: "immutable" }),
    spec("hired", "dateTime"),
    spec("ratio", "decimal"),
    spec("tags", "string", { multiValued: true }),
  ]),
);

const user: Json = {
  schemas: [USER_SCHEMA],
  id: "u1",
  userName: "bjensen",
  name: { givenName: "Barbara", familyName: "Jensen" },
  active: true,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@home.org", type: "home" },
  ],
  groups: [{ value: "g1", display: "Admins", type: "direct" }],
  meta: { resourceType: "User", version: 'W/"1"' },
};

const withEnt = (ext: Json): Json => ({ ...user, schemas: [USER_SCHEMA, ENT], [ENT]: ext });
const withCustom = (ext: Json): Json => ({ ...user, schemas: [USER_SCHEMA, CUSTOM], [CUSTOM]: ext });
const without = (r: Json, ...keys: string[]): Json => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));

const group: Json = {
  schemas: [GROUP_SCHEMA],
  id: "g1",
  displayName: "Admins",
  members: [
    { value: "u1", display: "Kim" },
    { value: "u2", display: "Lee" },
  ],
};

const role: Json = {
  schemas: [ROLE_SCHEMA],
  id: "r1",
  displayName: "auditor",
  audience: { value: "org1", type: "organization" },
};

interface Row {
  readonly name: string;
  readonly start?: Json;
  readonly ops: unknown[];
  readonly registry?: SchemaRegistry;
  /** The expected resource, or `same` for a no-op. */
  readonly expected?: Json | "same";
  readonly error?: { readonly scimType: ScimType; readonly detail?: RegExp };
}

const rows: Row[] = [
  // ---- path-less add (RFC 7644 §3.5.2.1) ----
  { name: "add without path sets an attribute", ops: [{ op: "add", value: { nickName: "Babs" } }], expected: { ...user, nickName: "Babs" } },
  {
    name: "attribute names take the schema's spelling",
    ops: [{ op: "add", value: { NICKNAME: "Babs", Name: { GIVENNAME: "Barb" } } }],
    expected: { ...user, nickName: "Babs", name: { givenName: "Barb", familyName: "Jensen" } },
  },
  {
    name: "Entra dotted key name.givenName",
    ops: [{ op: "Add", value: { "name.givenName": "Barb" } }],
    expected: { ...user, name: { givenName: "Barb", familyName: "Jensen" } },
  },
  {
    name: "add merges a complex value",
    ops: [{ op: "add", value: { name: { middleName: "J" } } }],
    expected: { ...user, name: { givenName: "Barbara", familyName: "Jensen", middleName: "J" } },
  },
  {
    name: "add appends to a multi-valued attribute",
    ops: [{ op: "add", value: { emails: [{ value: "new@x.com", type: "other" }] } }],
    expected: { ...user, emails: [...(user.emails as Json[]), { value: "new@x.com", type: "other" }] },
  },
  {
    name: "add of a value already present (case-insensitive) is a no-op",
    ops: [{ op: "add", value: { emails: [{ value: "BJENSEN@example.com", type: "work" }] } }],
    expected: "same",
  },
  {
    name: "add with an extension URN key holding an object",
    ops: [{ op: "add", value: { [ENT]: { employeeNumber: "42" } } }],
    expected: withEnt({ employeeNumber: "42" }),
  },
  {
    name: "add with a full attribute URN key",
    ops: [{ op: "add", value: { [`${ENT}:employeeNumber`]: "42" } }],
    expected: withEnt({ employeeNumber: "42" }),
  },
  {
    name: "WSO2 'EnterpriseUser' alias with empty schemas",
    ops: [{ op: "add", value: { schemas: [], EnterpriseUser: { schemas: [], department: "R&D" } } }],
    expected: withEnt({ department: "R&D" }),
  },
  {
    name: "Entra sends the manager as a bare id under the attribute URN",
    ops: [{ op: "Add", value: { [`${ENT}:manager`]: "m1" } }],
    expected: withEnt({ manager: { value: "m1" } }),
  },
  {
    name: "Entra dotted extension key manager.value",
    start: withEnt({ manager: { value: "m1", displayName: "Boss" } }),
    ops: [{ op: "replace", value: { [`${ENT}:manager.value`]: "m2" } }],
    expected: withEnt({ manager: { value: "m2", displayName: "Boss" } }),
  },
  {
    name: "custom extension attribute by URN",
    ops: [{ op: "add", value: { [`${CUSTOM}:badge`]: "B-7" } }],
    expected: withCustom({ badge: "B-7" }),
  },
  {
    name: "'schemas' in a value is ignored",
    ops: [{ op: "add", value: { schemas: ["urn:x"], title: "CEO" } }],
    expected: { ...user, title: "CEO" },
  },
  {
    name: "Entra filter key in a path-less value",
    ops: [{ op: "Replace", value: { 'emails[type eq "work"].value': "w@x.com" } }],
    expected: { ...user, emails: [{ value: "w@x.com", type: "work", primary: true }, (user.emails as Json[])[1]] },
  },
  {
    name: "unknown attribute in a value",
    ops: [{ op: "add", value: { favouriteColour: "blue" } }],
    error: { scimType: "invalidPath", detail: /^Operations\[0\]: 'favouriteColour'/ },
  },
  {
    name: "unknown extension URN key",
    ops: [{ op: "add", value: { "urn:example:ext:1.0:User": { a: 1 } } }],
    error: { scimType: "invalidPath" },
  },

  // ---- add with a path ----
  {
    name: "add primary email clears the old primary (RFC 7643 §2.4)",
    ops: [{ op: "add", path: "emails", value: [{ value: "c@x.com", type: "other", primary: true }] }],
    expected: {
      ...user,
      emails: [{ value: "bjensen@example.com", type: "work" }, (user.emails as Json[])[1], { value: "c@x.com", type: "other", primary: true }],
    },
  },
  {
    name: "a lone object for a multi-valued attribute is one value",
    ops: [{ op: "add", path: "emails", value: { value: "c@x.com" } }],
    expected: { ...user, emails: [...(user.emails as Json[]), { value: "c@x.com" }] },
  },
  {
    name: "add to a sub-attribute",
    ops: [{ op: "add", path: "NAME.GIVENNAME", value: "Barb" }],
    expected: { ...user, name: { givenName: "Barb", familyName: "Jensen" } },
  },
  {
    name: "add with a value filter updates the match",
    ops: [{ op: "add", path: 'emails[type eq "work"].value', value: "new@x.com" }],
    expected: { ...user, emails: [{ value: "new@x.com", type: "work", primary: true }, (user.emails as Json[])[1]] },
  },
  {
    name: "add with a type filter matching nothing creates the value (Entra)",
    ops: [{ op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "555-0100" }],
    expected: { ...user, phoneNumbers: [{ type: "work", value: "555-0100" }] },
  },
  {
    name: "replace with a type filter matching nothing creates the value (Entra)",
    ops: [{ op: "Replace", path: 'addresses[type eq "work"].country', value: "US" }],
    expected: { ...user, addresses: [{ type: "work", country: "US" }] },
  },
  {
    name: "created value keeps every eq term of the filter",
    ops: [{ op: "add", path: 'phoneNumbers[type eq "mobile" and primary eq true].value', value: "555" }],
    expected: { ...user, phoneNumbers: [{ type: "mobile", primary: true, value: "555" }] },
  },
  {
    name: "replace a sub-attribute of a matching address",
    start: { ...user, addresses: [{ type: "work", streetAddress: "1 Old St", country: "US" }] },
    ops: [{ op: "replace", path: 'addresses[type eq "work"].streetAddress', value: "2 New St" }],
    expected: { ...user, addresses: [{ type: "work", streetAddress: "2 New St", country: "US" }] },
  },
  {
    name: "a non-type filter matching nothing is noTarget (RFC 7644 §3.5.2.3)",
    ops: [{ op: "replace", path: 'emails[value eq "nobody@x.com"].type', value: "home" }],
    error: { scimType: "noTarget" },
  },
  {
    name: "string for a string attribute only",
    ops: [{ op: "add", path: "nickName", value: 5 }],
    error: { scimType: "invalidValue", detail: /'nickName' must be a string/ },
  },
  {
    name: "boolean strings are rejected (normalised elsewhere)",
    ops: [{ op: "Replace", path: "active", value: "False" }],
    error: { scimType: "invalidValue", detail: /must be a boolean/ },
  },
  { name: "JSON boolean for a boolean attribute", ops: [{ op: "replace", path: "active", value: false }], expected: { ...user, active: false } },
  {
    name: "sub-attribute types are checked",
    ops: [{ op: "add", path: "emails", value: [{ value: 1 }] }],
    error: { scimType: "invalidValue", detail: /emails\.value/ },
  },
  {
    name: "unknown sub-attribute in a value",
    ops: [{ op: "add", path: "emails", value: [{ value: "a@x.com", label: "x" }] }],
    error: { scimType: "invalidValue", detail: /no sub-attribute 'label'/ },
  },
  {
    name: "binary must be base64",
    ops: [{ op: "add", path: "x509Certificates", value: [{ value: "not base64!" }] }],
    error: { scimType: "invalidValue" },
  },
  {
    name: "add to a whole extension by its URN path",
    ops: [{ op: "add", path: ENT, value: { employeeNumber: "1", costCenter: "C4" } }],
    expected: withEnt({ employeeNumber: "1", costCenter: "C4" }),
  },
  {
    name: "enterprise employeeNumber by path",
    start: withEnt({ employeeNumber: "1" }),
    ops: [{ op: "replace", path: `${ENT}:employeeNumber`, value: "2" }],
    expected: withEnt({ employeeNumber: "2" }),
  },
  {
    name: "enterprise manager by path",
    ops: [{ op: "add", path: `${ENT}:manager`, value: { value: "m2" } }],
    expected: withEnt({ manager: { value: "m2" } }),
  },
  {
    name: "manager.displayName is readOnly",
    ops: [{ op: "add", path: `${ENT}:manager.displayName`, value: "X" }],
    error: { scimType: "mutability" },
  },
  {
    name: "custom extension badge by path",
    ops: [{ op: "replace", path: `${CUSTOM}:badge`, value: "B-9" }],
    expected: withCustom({ badge: "B-9" }),
  },
  {
    name: "custom dateTime",
    ops: [{ op: "add", path: `${CUSTOM}:hired`, value: "2024-02-29T09:00:00Z" }],
    expected: withCustom({ hired: "2024-02-29T09:00:00Z" }),
  },
  {
    name: "custom dateTime rejects a non-date",
    ops: [{ op: "add", path: `${CUSTOM}:hired`, value: "yesterday" }],
    error: { scimType: "invalidValue", detail: /dateTime/ },
  },
  {
    name: "custom integer rejects a decimal",
    ops: [{ op: "add", path: `${CUSTOM}:clearance`, value: 2.5 }],
    error: { scimType: "invalidValue", detail: /integer/ },
  },
  { name: "custom decimal", ops: [{ op: "add", path: `${CUSTOM}:ratio`, value: 0.25 }], expected: withCustom({ ratio: 0.25 }) },
  {
    name: "custom multi-valued string appends distinct values",
    start: withCustom({ tags: ["a"] }),
    ops: [{ op: "add", path: `${CUSTOM}:tags`, value: ["A", "b"] }],
    expected: withCustom({ tags: ["a", "b"] }),
  },
  {
    name: "immutable attribute may be added when absent",
    ops: [{ op: "add", path: `${CUSTOM}:clearance`, value: 3 }],
    expected: withCustom({ clearance: 3 }),
  },
  {
    name: "immutable attribute cannot be changed",
    start: withCustom({ clearance: 3 }),
    ops: [{ op: "replace", path: `${CUSTOM}:clearance`, value: 4 }],
    error: { scimType: "mutability", detail: /immutable/ },
  },
  {
    name: "immutable attribute set to its value is a no-op",
    start: withCustom({ clearance: 3 }),
    ops: [{ op: "replace", path: `${CUSTOM}:clearance`, value: 3 }],
    expected: "same",
  },
  {
    name: "immutable attribute cannot be removed",
    start: withCustom({ clearance: 3 }),
    ops: [{ op: "remove", path: `${CUSTOM}:clearance` }],
    error: { scimType: "mutability" },
  },

  // ---- replace (RFC 7644 §3.5.2.3) ----
  {
    name: "path-less replace merges complex values",
    ops: [{ op: "replace", value: { displayName: "Babs", name: { givenName: "Bab" } } }],
    expected: { ...user, displayName: "Babs", name: { givenName: "Bab", familyName: "Jensen" } },
  },
  {
    name: "replace of a multi-valued attribute replaces every value",
    ops: [{ op: "replace", path: "emails", value: [{ value: "only@x.com" }] }],
    expected: { ...user, emails: [{ value: "only@x.com" }] },
  },
  {
    name: "two primaries in one replace",
    ops: [
      {
        op: "replace",
        path: "emails",
        value: [
          { value: "a@x.com", primary: true },
          { value: "b@x.com", primary: true },
        ],
      },
    ],
    error: { scimType: "invalidValue", detail: /primary/ },
  },
  {
    name: "setting primary through a filter moves it",
    ops: [{ op: "replace", path: 'emails[type eq "home"].primary', value: true }],
    expected: {
      ...user,
      emails: [
        { value: "bjensen@example.com", type: "work" },
        { value: "babs@home.org", type: "home", primary: true },
      ],
    },
  },
  {
    name: "replace a matching value wholesale",
    ops: [{ op: "replace", path: 'emails[type eq "work"]', value: { value: "w2@x.com", type: "work" } }],
    expected: { ...user, emails: [{ value: "w2@x.com", type: "work" }, (user.emails as Json[])[1]] },
  },
  {
    name: "required attribute cannot be set to null",
    ops: [{ op: "replace", path: "userName", value: null }],
    error: { scimType: "invalidValue", detail: /required/ },
  },
  {
    name: "null unassigns a sub-attribute (RFC 7643 §2.5)",
    ops: [{ op: "replace", path: "name", value: { givenName: null } }],
    expected: { ...user, name: { familyName: "Jensen" } },
  },
  {
    name: "meta is readOnly",
    ops: [{ op: "replace", path: "meta", value: { resourceType: "User", version: 'W/"9"' } }],
    error: { scimType: "mutability", detail: /'meta' is readOnly/ },
  },
  {
    name: "Okta echoes the id in a path-less replace",
    ops: [{ op: "replace", value: { id: "u1", displayName: "Babs" } }],
    expected: { ...user, displayName: "Babs" },
  },
  {
    name: "a different id is a mutability error",
    ops: [{ op: "replace", value: { id: "u2" } }],
    error: { scimType: "mutability", detail: /'id' is readOnly/ },
  },
  {
    name: "groups echoed unchanged is ignored",
    ops: [{ op: "replace", path: "groups", value: [{ value: "g1", display: "Admins", type: "direct" }] }],
    expected: "same",
  },
  {
    name: "groups cannot be added to (RFC 7643 §4.1.2)",
    ops: [{ op: "add", path: "groups", value: [{ value: "g2" }] }],
    error: { scimType: "mutability" },
  },
  { name: "replace with the current value is a no-op", ops: [{ op: "replace", path: "userName", value: "bjensen" }], expected: "same" },

  // ---- remove (RFC 7644 §3.5.2.2) ----
  { name: "remove of an absent attribute is a no-op", ops: [{ op: "remove", path: "nickName" }], expected: "same" },
  {
    name: "remove a sub-attribute",
    ops: [{ op: "remove", path: "name.givenName" }],
    expected: { ...user, name: { familyName: "Jensen" } },
  },
  {
    name: "removing the last sub-attribute removes the attribute",
    ops: [
      { op: "remove", path: "name.givenName" },
      { op: "remove", path: "name.familyName" },
    ],
    expected: without(user, "name"),
  },
  {
    name: "remove matching values",
    ops: [{ op: "remove", path: 'emails[type eq "home"]' }],
    expected: { ...user, emails: [(user.emails as Json[])[0]] },
  },
  {
    name: "remove with a filter matching nothing is a no-op",
    ops: [{ op: "remove", path: 'emails[type eq "other"]' }],
    expected: "same",
  },
  { name: "remove a whole multi-valued attribute", ops: [{ op: "remove", path: "emails" }], expected: without(user, "emails") },
  {
    name: "remove listed values only",
    ops: [{ op: "remove", path: "emails", value: [{ value: "babs@home.org" }] }],
    expected: { ...user, emails: [(user.emails as Json[])[0]] },
  },
  {
    name: "remove a sub-attribute of matching values",
    ops: [{ op: "remove", path: 'emails[type eq "work"].primary' }],
    expected: { ...user, emails: [{ value: "bjensen@example.com", type: "work" }, (user.emails as Json[])[1]] },
  },
  {
    name: "a required attribute cannot be removed",
    ops: [{ op: "remove", path: "userName" }],
    error: { scimType: "invalidValue", detail: /^Operations\[0\]: 'userName' is required/ },
  },
  { name: "id cannot be removed", ops: [{ op: "remove", path: "id" }], error: { scimType: "mutability" } },
  { name: "groups cannot be removed", ops: [{ op: "remove", path: "groups" }], error: { scimType: "mutability" } },
  {
    name: "removing the last extension attribute drops the extension and its schema",
    start: withEnt({ employeeNumber: "1" }),
    ops: [{ op: "remove", path: `${ENT}:employeeNumber` }],
    expected: user,
  },
  {
    name: "remove a whole extension by URN",
    start: withEnt({ employeeNumber: "1", manager: { value: "m1" } }),
    ops: [{ op: "remove", path: ENT }],
    expected: user,
  },
  {
    name: "remove the enterprise manager (Entra)",
    start: withEnt({ employeeNumber: "1", manager: { value: "m1" } }),
    ops: [{ op: "Remove", path: `${ENT}:manager`, value: [{ value: "m1" }] }],
    expected: withEnt({ employeeNumber: "1" }),
  },
  { name: "remove an unknown attribute", ops: [{ op: "remove", path: "favouriteColour" }], error: { scimType: "invalidPath" } },
  {
    name: "filter naming an unknown sub-attribute",
    ops: [{ op: "remove", path: 'emails[tpye eq "work"]' }],
    error: { scimType: "invalidPath", detail: /tpye/ },
  },
  {
    name: "filter on a single-valued attribute",
    ops: [{ op: "remove", path: 'name[givenName eq "x"]' }],
    error: { scimType: "invalidPath" },
  },
  {
    name: "unknown sub-attribute path",
    ops: [{ op: "replace", path: "name.nickname", value: "x" }],
    error: { scimType: "invalidPath" },
  },

  // ---- several operations ----
  {
    name: "an add then a remove of the same value is no change",
    ops: [
      { op: "add", path: "nickName", value: "x" },
      { op: "remove", path: "nickName" },
    ],
    expected: "same",
  },
  {
    name: "second operation fails: error names index 1",
    ops: [
      { op: "replace", path: "displayName", value: "New" },
      { op: "remove", path: "userName" },
    ],
    error: { scimType: "invalidValue", detail: /^Operations\[1\]: / },
  },
  {
    name: "operations apply in order",
    ops: [
      { op: "replace", path: "title", value: "A" },
      { op: "replace", path: "title", value: "B" },
    ],
    expected: { ...user, title: "B" },
  },

  // ---- groups and roles through the generic engine ----
  {
    name: "group: Entra removes members by a value list",
    start: group,
    registry: GROUP_SCHEMA_REGISTRY,
    ops: [{ op: "Remove", path: "members", value: [{ value: "u2" }] }],
    expected: { ...group, members: [{ value: "u1", display: "Kim" }] },
  },
  {
    name: "group: add members skips present ones",
    start: group,
    registry: GROUP_SCHEMA_REGISTRY,
    ops: [{ op: "add", path: "members", value: [{ value: "u2" }, { value: "u3" }] }],
    expected: { ...group, members: [...(group.members as Json[]), { value: "u3" }] },
  },
  {
    name: "group: member sub-attributes are immutable",
    start: group,
    registry: GROUP_SCHEMA_REGISTRY,
    ops: [{ op: "replace", path: 'members[value eq "u1"].display', value: "Kimberly" }],
    error: { scimType: "mutability" },
  },
  {
    name: "group: displayName is required",
    start: group,
    registry: GROUP_SCHEMA_REGISTRY,
    ops: [{ op: "remove", path: "displayName" }],
    error: { scimType: "invalidValue" },
  },
  {
    name: "role: add users",
    start: role,
    registry: ROLE_SCHEMA_REGISTRY,
    ops: [{ op: "add", path: "users", value: [{ value: "u1", display: "Kim" }] }],
    expected: { ...role, users: [{ value: "u1", display: "Kim" }] },
  },
  {
    name: "role: a permission needs its value",
    start: role,
    registry: ROLE_SCHEMA_REGISTRY,
    ops: [{ op: "add", path: "permissions", value: [{ display: "Read" }] }],
    error: { scimType: "invalidValue", detail: /permissions\.value/ },
  },
  {
    name: "role: the audience is immutable",
    start: role,
    registry: ROLE_SCHEMA_REGISTRY,
    ops: [{ op: "replace", path: "audience", value: { value: "app1", type: "application" } }],
    error: { scimType: "mutability" },
  },
];

function errorOf(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

describe("applyPatch", () => {
  it("has a broad table", () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });

  it.each(rows.map((r) => [r.name, r] as const))("%s", (_name, row) => {
    const start = row.start ?? user;
    const snapshot = structuredClone(start);
    const registry = row.registry ?? users;
    const run = () => applyPatch(start, parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: row.ops }), registry);
    if (row.error !== undefined) {
      const err = errorOf(run);
      expect(err.scimType).toBe(row.error.scimType);
      expect(err.status).toBe(400);
      expect(err.detail).toMatch(/^Operations\[\d+\]: /);
      if (row.error.detail !== undefined) expect(err.detail).toMatch(row.error.detail);
    } else {
      const result = run();
      if (row.expected === "same") {
        expect(result.changed).toBe(false);
        expect(result.resource).toEqual(start);
      } else {
        expect(result.resource).toEqual(row.expected);
        expect(result.changed).toBe(true);
      }
    }
    // the input is never mutated
    expect(start).toEqual(snapshot);
  });
});

describe("applyPatch: atomicity and copies", () => {
  it("leaves the input untouched when a later operation fails", () => {
    const start = structuredClone(user);
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: "replace", path: "displayName", value: "New" },
        { op: "add", path: "groups", value: [{ value: "g9" }] },
      ],
    });
    const err = errorOf(() => applyPatch(start, ops, users));
    expect(err.detail).toMatch(/^Operations\[1\]: 'groups' is readOnly/);
    expect(start).toEqual(user);
  });

  it("returns a copy that shares nothing with the input", () => {
    const start = structuredClone(user);
    const { resource } = applyPatch(start, parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "add", path: "title", value: "x" }] }), users);
    (resource.name as Json).givenName = "changed";
    expect((start.name as Json).givenName).toBe("Barbara");
  });

  it("keeps the URN of an extension it adds in schemas exactly once", () => {
    const ops = parsePatchRequest({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: "add", path: `${ENT}:employeeNumber`, value: "1" },
        { op: "add", path: `${ENT}:costCenter`, value: "C" },
      ],
    });
    expect(applyPatch(user, ops, users).resource.schemas).toEqual([USER_SCHEMA, ENT]);
  });
});
