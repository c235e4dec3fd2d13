import { describe, expect, it } from "vitest";
import { tokenize, type Token } from "./lexer";
import { ParseError } from "./parse-error";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** Drops spans so tables only state what each token means. */
function shape(tok: Token): unknown {
  switch (tok.kind) {
    case "attrPath":
      return { attrPath: tok.path };
    case "compareOp":
      return { compareOp: tok.op };
    case "value":
      return { value: tok.value };
    default:
      return tok.kind;
  }
}

const lex = (text: string) => tokenize(text).map(shape);

describe("tokenize", () => {
  const cases: Array<[string, unknown[]]> = [
    ["", ["eof"]],
    ["   \t\r\n", ["eof"]],
    ["userName", [{ attrPath: { attribute: "userName" } }, "eof"]],
    ["name.givenName", [{ attrPath: { attribute: "name", subAttribute: "givenName" } }, "eof"]],
    ["members.$ref", [{ attrPath: { attribute: "members", subAttribute: "$ref" } }, "eof"]],
    ["x-custom_attr2", [{ attrPath: { attribute: "x-custom_attr2" } }, "eof"]],
    [`${ENTERPRISE}:employeeNumber`, [{ attrPath: { schema: ENTERPRISE, attribute: "employeeNumber" } }, "eof"]],
    [`${ENTERPRISE}:manager.value`, [{ attrPath: { schema: ENTERPRISE, attribute: "manager", subAttribute: "value" } }, "eof"]],
    ["URN:IETF:params:scim:schemas:core:2.0:User:userName", [{ attrPath: { schema: "URN:IETF:params:scim:schemas:core:2.0:User", attribute: "userName" } }, "eof"]],
    ["eq ne co sw ew gt ge lt le", [...["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"].map((op) => ({ compareOp: op })), "eof"]],
    ["EQ Ne cO", [{ compareOp: "eq" }, { compareOp: "ne" }, { compareOp: "co" }, "eof"]],
    ["and OR Not PR", ["and", "or", "not", "pr", "eof"]],
    ["( ) [ ] .", ["(", ")", "[", "]", ".", "eof"]],
    ["true FALSE Null", [{ value: true }, { value: false }, { value: null }, "eof"]],
    ["0 -0 42 -1.5e3 2.5E-2 1e+2", [{ value: 0 }, { value: -0 }, { value: 42 }, { value: -1500 }, { value: 0.025 }, { value: 100 }, "eof"]],
    [`"plain"`, [{ value: "plain" }, "eof"]],
    [`""`, [{ value: "" }, "eof"]],
    [String.raw`"q\" b\\ s\/ \b\f\n\r\t"`, [{ value: `q" b\\ s/ \b\f\n\r\t` }, "eof"]],
    [String.raw`"\u00e9\u00C9"`, [{ value: "éÉ" }, "eof"]],
    [String.raw`"\ud83d\ude00"`, [{ value: "😀" }, "eof"]],
    [`"O'Malley"`, [{ value: "O'Malley" }, "eof"]],
    [
      `emails[type eq "work"].value`,
      [{ attrPath: { attribute: "emails" } }, "[", { attrPath: { attribute: "type" } }, { compareOp: "eq" }, { value: "work" }, "]", ".", { attrPath: { attribute: "value" } }, "eof"],
    ],
    [`userName eq"x"`, [{ attrPath: { attribute: "userName" } }, { compareOp: "eq" }, { value: "x" }, "eof"]],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(lex(text)).toEqual(expected);
  });

  it("records spans", () => {
    const [a, op, v, eof] = tokenize(`title  eq "x y"`);
    expect([a, op, v, eof].map((t) => [t!.start, t!.end, t!.text])).toEqual([
      [0, 5, "title"],
      [7, 9, "eq"],
      [10, 15, `"x y"`],
      [15, 15, ""],
    ]);
  });
});

describe("tokenize errors", () => {
  const cases: Array<[string, string, number]> = [
    [`userName eq "abc`, "unterminated string literal", 12],
    [`"abc\\`, "unterminated string literal", 0],
    [String.raw`"a\x"`, "invalid escape '\\x' in string literal", 2],
    [String.raw`"\u12G4"`, "invalid \\u escape in string literal", 1],
    [String.raw`"\u12"`, "invalid \\u escape in string literal", 1],
    ['"a\nb"', "unescaped control character in string literal", 2],
    ["01", "invalid number", 0],
    ["1.", "invalid number", 0],
    ["1e", "invalid number", 0],
    ["-", "invalid number", 0],
    ["-x", "invalid number", 0],
    ["12abc", "invalid number", 0],
    ["1e999", "number out of range", 0],
    ["a eq 'x'", "unexpected character '''", 5],
    ["a # b", "unexpected character '#'", 2],
    ["name.", "expected attribute name after '.'", 5],
    ["name..x", "expected attribute name after '.'", 5],
    ["name.given.x", "attribute path 'name.given.x' has more than one sub-attribute", 10],
    ["name.1st", "attribute name '1st' must start with a letter", 5],
    ["urn:foo:", "expected attribute name after schema URN", 8],
    ["foo:bar", "'foo' is not a valid schema URN prefix", 0],
    ["urn::x:attr", "'urn::x' is not a valid schema URN prefix", 0],
    ["$foo", "attribute name '$foo' must start with a letter", 0],
    ["a$b", "invalid character '$' in attribute name 'a$b'", 1],
  ];

  it.each(cases)("%s → %s", (text, reason, position) => {
    let caught: unknown;
    try {
      tokenize(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect(caught).toMatchObject({ reason, position, message: `${reason} at position ${position}` });
  });
});
