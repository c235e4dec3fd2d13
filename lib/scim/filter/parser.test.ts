import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import type { AttrPath, CompValue, CompareOp, Filter } from "./ast";
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from "./parser";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

const path = (attribute: string, subAttribute?: string): AttrPath => (subAttribute === undefined ? { attribute } : { attribute, subAttribute });
const cmp = (op: CompareOp, p: AttrPath | string, value: CompValue): Filter => ({
  op,
  path: typeof p === "string" ? path(p) : p,
  value,
});
const pr = (p: AttrPath | string): Filter => ({ op: "pr", path: typeof p === "string" ? path(p) : p });
const and = (left: Filter, right: Filter): Filter => ({ op: "and", left, right });
const or = (left: Filter, right: Filter): Filter => ({ op: "or", left, right });
const not = (filter: Filter): Filter => ({ op: "not", filter });
const vp = (p: string, filter: Filter): Filter => ({ op: "valuePath", path: path(p), filter });

describe("parseFilter", () => {
  const cases: Array<[string, Filter]> = [
    // every operator
    [`userName eq "bjensen"`, cmp("eq", "userName", "bjensen")],
    [`userName ne "bjensen"`, cmp("ne", "userName", "bjensen")],
    [`name.familyName co "O'Malley"`, cmp("co", path("name", "familyName"), "O'Malley")],
    [`userName sw "J"`, cmp("sw", "userName", "J")],
    [`userName ew "sen"`, cmp("ew", "userName", "sen")],
    [`meta.lastModified gt "2011-05-13T04:42:34Z"`, cmp("gt", path("meta", "lastModified"), "2011-05-13T04:42:34Z")],
    [`meta.lastModified ge "2011-05-13T04:42:34Z"`, cmp("ge", path("meta", "lastModified"), "2011-05-13T04:42:34Z")],
    [`meta.lastModified lt "2011-05-13T04:42:34Z"`, cmp("lt", path("meta", "lastModified"), "2011-05-13T04:42:34Z")],
    [`meta.lastModified le "2011-05-13T04:42:34Z"`, cmp("le", path("meta", "lastModified"), "2011-05-13T04:42:34Z")],
    ["title pr", pr("title")],
    // case-insensitive keywords
    [`userName EQ "x"`, cmp("eq", "userName", "x")],
    [`userName Sw "x"`, cmp("sw", "userName", "x")],
    ["title PR", pr("title")],
    ["a pr And b pr", and(pr("a"), pr("b"))],
    ["a pr OR b pr", or(pr("a"), pr("b"))],
    ["NOT (a pr)", not(pr("a"))],
    ["active eq TRUE", cmp("eq", "active", true)],
    // literals
    ["active eq true", cmp("eq", "active", true)],
    ["active eq false", cmp("eq", "active", false)],
    ["title eq null", cmp("eq", "title", null)],
    ["title ne null", cmp("ne", "title", null)],
    ["x eq 0", cmp("eq", "x", 0)],
    ["x eq 42", cmp("eq", "x", 42)],
    ["x gt -1.5e3", cmp("gt", "x", -1500)],
    ["x lt 2.25E+1", cmp("lt", "x", 22.5)],
    ["x le 0.5", cmp("le", "x", 0.5)],
    // escapes
    [String.raw`displayName eq "say \"hi\""`, cmp("eq", "displayName", `say "hi"`)],
    [String.raw`displayName eq "a\\b\/c"`, cmp("eq", "displayName", "a\\b/c")],
    [String.raw`displayName eq "line\nbreak\ttab"`, cmp("eq", "displayName", "line\nbreak\ttab")],
    [String.raw`displayName eq "Ren\u00e9e"`, cmp("eq", "displayName", "Renée")],
    [`displayName eq "a and b or (c)"`, cmp("eq", "displayName", "a and b or (c)")],
    // precedence and grouping
    ["a eq 1 or b eq 2 and c eq 3", or(cmp("eq", "a", 1), and(cmp("eq", "b", 2), cmp("eq", "c", 3)))],
    ["a eq 1 and b eq 2 or c eq 3", or(and(cmp("eq", "a", 1), cmp("eq", "b", 2)), cmp("eq", "c", 3))],
    ["(a eq 1 or b eq 2) and c eq 3", and(or(cmp("eq", "a", 1), cmp("eq", "b", 2)), cmp("eq", "c", 3))],
    ["a pr and b pr and c pr", and(and(pr("a"), pr("b")), pr("c"))],
    ["a pr or b pr or c pr", or(or(pr("a"), pr("b")), pr("c"))],
    ["((a pr))", pr("a")],
    ["((a pr) or (b pr)) and ((c pr))", and(or(pr("a"), pr("b")), pr("c"))],
    ["(userName pr)", pr("userName")],
    ["not (a pr) and b pr", and(not(pr("a")), pr("b"))],
    ["not (a pr or b pr)", not(or(pr("a"), pr("b")))],
    ["not (not (a pr))", not(not(pr("a")))],
    ["not(a pr)", not(pr("a"))],
    ["a pr and not (b eq 1 or c eq 2)", and(pr("a"), not(or(cmp("eq", "b", 1), cmp("eq", "c", 2))))],
    [
      `userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`,
      and(cmp("eq", "userType", "Employee"), or(cmp("co", "emails", "example.com"), cmp("co", path("emails", "value"), "example.org"))),
    ],
    // value paths
    [`emails[type eq "work"]`, vp("emails", cmp("eq", "type", "work"))],
    [`emails[type eq "work" and value co "@example.com"]`, vp("emails", and(cmp("eq", "type", "work"), cmp("co", "value", "@example.com")))],
    [`emails[type eq "work" or type eq "home" and primary eq true]`, vp("emails", or(cmp("eq", "type", "work"), and(cmp("eq", "type", "home"), cmp("eq", "primary", true))))],
    [`emails[not (type eq "work") and (value ew ".org" or value ew ".net")]`, vp("emails", and(not(cmp("eq", "type", "work")), or(cmp("ew", "value", ".org"), cmp("ew", "value", ".net"))))],
    [
      `userType eq "Employee" and emails[type eq "work" and value co "@example.com"]`,
      and(cmp("eq", "userType", "Employee"), vp("emails", and(cmp("eq", "type", "work"), cmp("co", "value", "@example.com")))),
    ],
    [
      `emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`,
      or(vp("emails", and(cmp("eq", "type", "work"), cmp("co", "value", "@example.com"))), vp("ims", and(cmp("eq", "type", "xmpp"), cmp("co", "value", "@foo.com")))),
    ],
    [`not (members[value eq "abc"])`, not(vp("members", cmp("eq", "value", "abc")))],
    [`members[$ref pr]`, vp("members", pr("$ref"))],
    [`emails [type eq "work"]`, vp("emails", cmp("eq", "type", "work"))],
    // URN-qualified paths
    [`${CORE_USER}:userName sw "J"`, cmp("sw", { schema: CORE_USER, attribute: "userName" }, "J")],
    [`${ENTERPRISE}:employeeNumber eq "701984"`, cmp("eq", { schema: ENTERPRISE, attribute: "employeeNumber" }, "701984")],
    [`${ENTERPRISE}:manager.value eq "26118915"`, cmp("eq", { schema: ENTERPRISE, attribute: "manager", subAttribute: "value" }, "26118915")],
    [`${ENTERPRISE.toUpperCase()}:Department pr`, pr({ schema: ENTERPRISE.toUpperCase(), attribute: "Department" })],
    [`${CORE_USER}:emails[type eq "work"]`, { op: "valuePath", path: { schema: CORE_USER, attribute: "emails" }, filter: cmp("eq", "type", "work") }],
    [`schemas eq "${ENTERPRISE}"`, cmp("eq", "schemas", ENTERPRISE)],
    // whitespace
    [' \t userName  eq\n"x"  ', cmp("eq", "userName", "x")],
  ];

  it("has a broad table", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s", (text, expected) => {
    expect(parseFilter(text)).toEqual(expected);
  });

  it("omits the schema key when no URN is given", () => {
    expect(parseFilter("title pr")).toStrictEqual({ op: "pr", path: { attribute: "title" } });
  });
});

describe("parseFilter errors", () => {
  const cases: Array<[string, string]> = [
    ["", "filter is empty at position 0"],
    ["   ", "filter is empty at position 0"],
    [`userName eq "abc`, "unterminated string literal at position 12"],
    ["userName eq", "expected a value after 'eq' but found end of input at position 11"],
    ["userName eq and title pr", "expected a value after 'eq' but found 'and' at position 12"],
    ["userName eq title", "expected a value after 'eq' but found attribute 'title' at position 12"],
    [`userName xx "a"`, "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after 'userName' but found attribute 'xx' at position 9"],
    ["userName", "expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after 'userName' but found end of input at position 8"],
    [`userName "a"`, `expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after 'userName' but found string "a" at position 9`],
    [`eq "a"`, "expected an attribute path, 'not' or '(' but found operator 'eq' at position 0"],
    [`"a" eq userName`, `expected an attribute path, 'not' or '(' but found string "a" at position 0`],
    [`title pr "x"`, "operator 'pr' does not take a value at position 9"],
    ["title pr true", "operator 'pr' does not take a value at position 9"],
    [`a eq 1 b eq 2`, "expected 'and', 'or' or end of input but found attribute 'b' at position 7"],
    [`a eq 1 "x"`, `expected 'and', 'or' or end of input but found string "x" at position 7`],
    ["a pr and", "expected an attribute path, 'not' or '(' but found end of input at position 8"],
    ["or a pr", "expected an attribute path, 'not' or '(' but found 'or' at position 0"],
    ["a pr and or b pr", "expected an attribute path, 'not' or '(' but found 'or' at position 9"],
    ["(a pr", "missing ')' for '(' at position 0 at position 5"],
    ["a pr)", "unmatched ')' at position 4"],
    ["()", "expected an attribute path, 'not' or '(' but found ')' at position 1"],
    ["(a pr]", "expected 'and', 'or' or ')' but found ']' at position 5"],
    ["not a pr", "expected '(' after 'not' but found attribute 'a' at position 4"],
    ["not", "expected '(' after 'not' but found end of input at position 3"],
    [`emails[type eq "work"`, "missing ']' for '[' at position 6 at position 21"],
    [`emails[]`, "expected an attribute path, 'not' or '(' but found ']' at position 7"],
    [`emails[type eq "work")`, "expected 'and', 'or' or ']' but found ')' at position 21"],
    [`emails[type[value eq "x"]]`, "nested value filters are not allowed at position 11"],
    [`emails[x pr and members[value eq "x"]]`, "nested value filters are not allowed at position 23"],
    [`emails[emails.type eq "work"]`, "'emails.type' inside a value filter must be a plain sub-attribute name at position 7"],
    [`emails[${CORE_USER}:type eq "work"]`, `'${CORE_USER}:type' inside a value filter must be a plain sub-attribute name at position 7`],
    [`name.givenName[value eq "x"]`, "a value filter cannot follow the sub-attribute path 'name.givenName' at position 14"],
    [`emails[type eq "work"].value eq "x"`, "a sub-attribute after a value filter is only allowed in PATCH paths at position 22"],
    ["active gt true", "operator 'gt' cannot compare with true at position 7"],
    ["title lt null", "operator 'lt' cannot compare with null at position 6"],
    ["x co 1", "operator 'co' requires a string value at position 2"],
    ["x sw null", "operator 'sw' requires a string value at position 2"],
    ["x eq 01", "invalid number at position 5"],
    ["x eq 'single'", "unexpected character ''' at position 5"],
    ["name..givenName pr", "expected attribute name after '.' at position 5"],
    [`userName eq "a" && title pr`, "unexpected character '&' at position 16"],
  ];

  it.each(cases)("%s", (text, detail) => {
    let caught: unknown;
    try {
      parseFilter(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ScimError);
    expect(caught).toMatchObject({ status: 400, scimType: "invalidFilter", detail });
  });

  it("rejects filters over the maximum length", () => {
    const text = `userName eq "${"x".repeat(MAX_FILTER_LENGTH)}"`;
    expect(() => parseFilter(text)).toThrow(expect.objectContaining({ scimType: "invalidFilter", detail: expect.stringContaining("maximum is 4096") }));
  });

  it("accepts nesting up to the maximum depth and rejects one level more", () => {
    const nest = (n: number) => "(".repeat(n) + "a pr" + ")".repeat(n);
    expect(parseFilter(nest(MAX_FILTER_DEPTH))).toEqual(pr("a"));
    expect(() => parseFilter(nest(MAX_FILTER_DEPTH + 1))).toThrow(
      expect.objectContaining({
        scimType: "invalidFilter",
        detail: `nesting exceeds the maximum depth of ${MAX_FILTER_DEPTH} at position ${MAX_FILTER_DEPTH}`,
      }),
    );
    const nots = "not (".repeat(MAX_FILTER_DEPTH + 1) + "a pr" + ")".repeat(MAX_FILTER_DEPTH + 1);
    expect(() => parseFilter(nots)).toThrow(expect.objectContaining({ scimType: "invalidFilter" }));
  });

  it("handles long flat chains without deep recursion", () => {
    const text = Array.from({ length: 400 }, () => "a pr").join(" or ");
    let node = parseFilter(text);
    let count = 1;
    while (node.op === "or") {
      node = node.left;
      count++;
    }
    expect(count).toBe(400);
  });
});
