import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import type { Filter } from "../filter/ast";
import { parsePatchPath, type PatchPath } from "./parser";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const eq = (attribute: string, value: string | boolean): Filter => ({ op: "eq", path: { attribute }, value });

describe("parsePatchPath", () => {
  const cases: Array<[string, PatchPath]> = [
    ["members", { attribute: { attribute: "members" } }],
    ["active", { attribute: { attribute: "active" } }],
    ["name.familyName", { attribute: { attribute: "name", subAttribute: "familyName" } }],
    ["NAME.FamilyName", { attribute: { attribute: "NAME", subAttribute: "FamilyName" } }],
    [`emails[type eq "work"].value`, { attribute: { attribute: "emails" }, filter: eq("type", "work"), subAttribute: "value" }],
    [`addresses[type eq "work"].country`, { attribute: { attribute: "addresses" }, filter: eq("type", "work"), subAttribute: "country" }],
    [`addresses[type eq "work"].streetAddress`, { attribute: { attribute: "addresses" }, filter: eq("type", "work"), subAttribute: "streetAddress" }],
    [`members[value eq "abc"]`, { attribute: { attribute: "members" }, filter: eq("value", "abc") }],
    [`members[value eq "2819c223-7f76-453a-919d-413861904646"]`, { attribute: { attribute: "members" }, filter: eq("value", "2819c223-7f76-453a-919d-413861904646") }],
    [`members[value eq "abc"].$ref`, { attribute: { attribute: "members" }, filter: eq("value", "abc"), subAttribute: "$ref" }],
    [
      `emails[type eq "work" and primary eq true]`,
      {
        attribute: { attribute: "emails" },
        filter: { op: "and", left: eq("type", "work"), right: eq("primary", true) },
      },
    ],
    [
      `phoneNumbers[type eq "mobile" or not (primary pr)].value`,
      {
        attribute: { attribute: "phoneNumbers" },
        filter: { op: "or", left: eq("type", "mobile"), right: { op: "not", filter: { op: "pr", path: { attribute: "primary" } } } },
        subAttribute: "value",
      },
    ],
    [`${ENTERPRISE}:manager`, { attribute: { schema: ENTERPRISE, attribute: "manager" } }],
    [`${ENTERPRISE}:manager.value`, { attribute: { schema: ENTERPRISE, attribute: "manager", subAttribute: "value" } }],
    [`${ENTERPRISE}:employeeNumber`, { attribute: { schema: ENTERPRISE, attribute: "employeeNumber" } }],
    [
      `urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"].value`,
      {
        attribute: { schema: "urn:ietf:params:scim:schemas:core:2.0:User", attribute: "emails" },
        filter: eq("type", "work"),
        subAttribute: "value",
      },
    ],
    [" members ", { attribute: { attribute: "members" } }],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(parsePatchPath(text)).toEqual(expected);
  });
});

describe("parsePatchPath errors", () => {
  const cases: Array<[string, string]> = [
    ["", "path is empty at position 0"],
    ["  ", "path is empty at position 0"],
    [`members eq "x"`, "unexpected operator 'eq' in path at position 8"],
    ["title pr", "unexpected 'pr' in path at position 6"],
    ["name.familyName.x", "attribute path 'name.familyName.x' has more than one sub-attribute at position 15"],
    ["name.", "expected attribute name after '.' at position 5"],
    ['[type eq "work"]', `expected an attribute path but found '[' at position 0`],
    [".value", "expected an attribute path but found '.' at position 0"],
    [`emails[type eq "work"`, "missing ']' for '[' at position 6 at position 21"],
    [`emails[type eq "work"].`, "expected a sub-attribute name after '.' but found end of input at position 23"],
    [`emails[type eq "work"].value.display`, "only one sub-attribute may follow a value filter at position 28"],
    [`emails[type eq "work"].${ENTERPRISE}:x`, `expected a sub-attribute name after '.' but found attribute '${ENTERPRISE}:x' at position 23`],
    [`emails[type eq "work"]value`, "unexpected attribute 'value' in path at position 22"],
    [`emails[type eq "work"][value eq "x"]`, "unexpected '[' in path at position 22"],
    [`emails[type[value eq "x"]]`, "nested value filters are not allowed at position 11"],
    [`emails[type eq]`, "expected a value after 'eq' but found ']' at position 14"],
    [`emails[type eq "work]`, "unterminated string literal at position 15"],
    [`name.givenName[value eq "x"]`, "a value filter cannot follow the sub-attribute path 'name.givenName' at position 14"],
    [`emails[]`, "expected an attribute path, 'not' or '(' but found ']' at position 7"],
    ["members,groups", "unexpected character ',' at position 7"],
    ["eq", "expected an attribute path but found operator 'eq' at position 0"],
  ];

  it.each(cases)("%s", (text, detail) => {
    let caught: unknown;
    try {
      parsePatchPath(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: "invalidPath", detail });
  });

  it("rejects paths over the maximum length", () => {
    expect(() => parsePatchPath("a".repeat(5000))).toThrow(expect.objectContaining({ scimType: "invalidPath" }));
  });
});
