import { describe, expect, it } from "vitest";
import { ScimError, type ScimType } from "../errors.ts";
import { GROUP_SCHEMA, PATCH_OP_SCHEMA } from "../schema/core.ts";
import { GROUP_SCHEMA_REGISTRY } from "../schema/registry.ts";
import { planGroupPatch, type GroupPatchPlan } from "./group.ts";
import { parsePatchRequest } from "./request.ts";

const plan = (ops: unknown[]) => planGroupPatch(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: ops }), GROUP_SCHEMA_REGISTRY);

const empty: GroupPatchPlan = { set: {}, addMembers: [], removeMembers: [], removeAllMembers: false };
const expectPlan = (p: Partial<GroupPatchPlan>): GroupPatchPlan => ({ ...empty, ...p });

const rows: Array<[string, unknown[], GroupPatchPlan]> = [
  ["add members", [{ op: "add", path: "members", value: [{ value: "a" }, { value: "b", display: "B" }] }], expectPlan({ addMembers: ["a", "b"] })],
  ["Entra add members ('Add')", [{ op: "Add", path: "members", value: [{ value: "a" }] }], expectPlan({ addMembers: ["a"] })],
  ["Okta remove by filter", [{ op: "remove", path: 'members[value eq "a"]' }], expectPlan({ removeMembers: ["a"] })],
  ["or-joined member filter", [{ op: "remove", path: 'members[value eq "a" or value eq "b"]' }], expectPlan({ removeMembers: ["a", "b"] })],
  ["Entra remove with a value list", [{ op: "Remove", path: "members", value: [{ value: "a" }, { value: "b" }] }], expectPlan({ removeMembers: ["a", "b"] })],
  ["remove all members", [{ op: "remove", path: "members" }], expectPlan({ removeAllMembers: true })],
  ["replace members", [{ op: "replace", path: "members", value: [{ value: "a" }, { value: "b" }] }], expectPlan({ replaceMembers: ["a", "b"] })],
  ["replace members with an empty list", [{ op: "replace", path: "members", value: [] }], expectPlan({ replaceMembers: [] })],
  ["Okta path-less replace with id and displayName", [{ op: "replace", value: { id: "g1", displayName: "Admins 2" } }], expectPlan({ set: { displayName: "Admins 2" } })],
  ["path-less add of members and displayName", [{ op: "add", value: { members: [{ value: "a" }], DISPLAYNAME: "X" } }], expectPlan({ set: { displayName: "X" }, addMembers: ["a"] })],
  ["path-less replace of members", [{ op: "replace", value: { members: [{ value: "a" }] } }], expectPlan({ replaceMembers: ["a"] })],
  [
    "Okta mixes removes and adds",
    [
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "add", path: "members", value: [{ value: "b" }] },
    ],
    expectPlan({ addMembers: ["b"], removeMembers: ["a"] }),
  ],
  [
    "remove then add of the same id adds it",
    [
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "add", path: "members", value: [{ value: "a" }] },
    ],
    expectPlan({ addMembers: ["a"] }),
  ],
  [
    "add then remove of the same id removes it",
    [
      { op: "add", path: "members", value: [{ value: "a" }] },
      { op: "remove", path: 'members[value eq "a"]' },
    ],
    expectPlan({ removeMembers: ["a"] }),
  ],
  [
    "remove all then add",
    [
      { op: "remove", path: "members" },
      { op: "add", path: "members", value: [{ value: "b" }] },
    ],
    expectPlan({ removeAllMembers: true, addMembers: ["b"] }),
  ],
  [
    "add then remove all",
    [
      { op: "add", path: "members", value: [{ value: "b" }] },
      { op: "remove", path: "members" },
    ],
    expectPlan({ removeAllMembers: true }),
  ],
  [
    "replace then remove and add fold into the list",
    [
      { op: "replace", path: "members", value: [{ value: "a" }, { value: "b" }] },
      { op: "remove", path: 'members[value eq "a"]' },
      { op: "add", path: "members", value: [{ value: "c" }] },
    ],
    expectPlan({ replaceMembers: ["b", "c"] }),
  ],
  [
    "remove all then replace",
    [
      { op: "remove", path: "members" },
      { op: "replace", path: "members", value: [{ value: "z" }] },
    ],
    expectPlan({ replaceMembers: ["z"] }),
  ],
  ["duplicate adds collapse", [{ op: "add", path: "members", value: [{ value: "a" }, { value: "a" }] }], expectPlan({ addMembers: ["a"] })],
  ["replace externalId", [{ op: "replace", path: "externalId", value: "ext-1" }], expectPlan({ set: { externalId: "ext-1" } })],
  ["remove externalId", [{ op: "remove", path: "externalId" }], expectPlan({ set: { externalId: null } })],
  ["displayName by its URN path", [{ op: "replace", path: `${GROUP_SCHEMA}:displayName`, value: "Y" }], expectPlan({ set: { displayName: "Y" } })],
  ["displayName by a URN key in a path-less value", [{ op: "replace", value: { [`${GROUP_SCHEMA}:displayName`]: "Y", schemas: [GROUP_SCHEMA] } }], expectPlan({ set: { displayName: "Y" } })],
  [
    "later displayName wins",
    [
      { op: "replace", path: "displayName", value: "A" },
      { op: "replace", path: "displayName", value: "B" },
    ],
    expectPlan({ set: { displayName: "B" } }),
  ],
];

describe("planGroupPatch", () => {
  it.each(rows)("%s", (_name, ops, expected) => {
    expect(plan(ops)).toEqual(expected);
  });
});

describe("planGroupPatch: errors", () => {
  const errors: Array<[string, unknown[], ScimType, RegExp?]> = [
    ["displayName is required", [{ op: "remove", path: "displayName" }], "invalidValue", /required/],
    ["displayName null", [{ op: "replace", value: { displayName: null } }], "invalidValue"],
    ["displayName must be a string", [{ op: "replace", path: "displayName", value: 5 }], "invalidValue"],
    ["filter other than value eq", [{ op: "remove", path: 'members[display eq "x"]' }], "invalidPath"],
    ["filter with add", [{ op: "add", path: 'members[value eq "a"]', value: {} }], "invalidPath"],
    ["member sub-attribute", [{ op: "replace", path: 'members[value eq "a"].display', value: "x" }], "mutability"],
    ["unknown attribute", [{ op: "add", path: "owner", value: "x" }], "invalidPath"],
    ["id by path", [{ op: "replace", path: "id", value: "x" }], "mutability"],
    [
      "member without value, second operation",
      [
        { op: "add", path: "members", value: [{ value: "a" }] },
        { op: "add", path: "members", value: [{ display: "x" }] },
      ],
      "invalidValue",
      /^Operations\[1\]: /,
    ],
    ["member value of the wrong type", [{ op: "add", path: "members", value: [{ value: 7 }] }], "invalidValue"],
  ];

  it.each(errors)("%s", (_name, ops, scimType, detail) => {
    let err: unknown;
    try {
      plan(ops);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScimError);
    expect((err as ScimError).scimType).toBe(scimType);
    expect((err as ScimError).detail).toMatch(detail ?? /^Operations\[0\]: /);
  });
});
