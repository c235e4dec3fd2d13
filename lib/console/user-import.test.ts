import { describe, expect, it } from "vitest";
import { customAttributeSchema, type CustomAttribute, type CustomAttributeInput } from "../identity/custom-attributes.ts";
import { mapColumns, readRow, repeatedNames } from "./user-import.ts";

const attribute = (input: CustomAttributeInput & { name: string }): CustomAttribute => ({ ...customAttributeSchema.parse(input), id: input.name });
const floor = attribute({ name: "floor", type: "integer" });
const remote = attribute({ name: "remote", type: "boolean" });
const skills = attribute({ name: "skills", multiValued: true });
const badge = attribute({ name: "badge", canonicalValues: ["red", "green"] });
const customAttributes = [floor, remote, skills, badge];

describe("mapColumns", () => {
  it("reads WSO2's and a spreadsheet's spellings of the core columns and custom attributes in any case", () => {
    const { targets, problems } = mapColumns(["User Name", "first_name", "Last-Name", "E-mail", "FLOOR", "urn:scim:schemas:extension:custom:User:skills", "User store"], customAttributes);
    expect(problems).toEqual([]);
    expect(targets).toEqual([
      { kind: "core", field: "userName" },
      { kind: "core", field: "givenName" },
      { kind: "core", field: "familyName" },
      { kind: "core", field: "email" },
      { kind: "custom", attribute: floor },
      { kind: "custom", attribute: skills },
      { kind: "core", field: "domain" },
    ]);
  });

  it.each([
    [
      "an unknown column",
      ["userName", "shoeSize"],
      `Unknown column "shoeSize": use userName, password, givenName, familyName, displayName, email, phone, active, department, domain or a custom attribute's name`,
    ],
    ["no userName column", ["email"], "The header row has no userName column"],
    ["a column given twice", ["userName", "email", "Email Address"], `Columns "email" and "Email Address" both give email`],
  ])("refuses %s", (_, headers, problem) => {
    expect(mapColumns(headers, customAttributes).problems).toEqual([problem]);
  });
});

describe("readRow", () => {
  const headers = ["userName", "password", "email", "active", "department", "domain", "floor", "remote", "skills", "badge"];
  const { targets } = mapColumns(headers, customAttributes);
  const read = (cells: string[], attributes = customAttributes) => readRow(targets, cells, { defaultDomain: "PRIMARY", customAttributes: attributes });

  it("reads a full row with typed custom values", () => {
    expect(read(["alice", "secret123", "alice@example.com", "no", "Sales", "", "4", "yes", "go; sql;", "red"])).toEqual({
      user: {
        form: { domain: "PRIMARY", userName: "alice", password: "secret123", givenName: "", familyName: "", displayName: "", email: "alice@example.com", phone: "", active: false },
        department: "Sales",
        custom: { floor: 4, remote: true, skills: ["go", "sql"], badge: "red" },
      },
    });
  });

  it.each([
    ["no user name", ["", "", "", "", "", "", "", "", "", ""], ["userName: User name is required"]],
    ["a short password", ["bob", "abc", "", "", "", "", "", "", "", ""], ["password: Password must have at least 6 characters"]],
    ["a bad email", ["bob", "", "bob@", "", "", "", "", "", "", ""], ["email: Enter a valid email address"]],
    ["a domain in the name", ["SALES/bob", "", "", "", "", "", "", "", "", ""], ["userName: Choose the user store in the list instead of typing a domain"]],
    ["active that is not a boolean", ["bob", "", "", "maybe", "", "", "", "", "", ""], [`active: expected true or false, not "maybe"`]],
    ["an integer that is not one", ["bob", "", "", "", "", "", "4.5", "", "", ""], [`Attribute "floor" expects integer`]],
    ["a boolean that is not one", ["bob", "", "", "", "", "", "", "perhaps", "", ""], [`Attribute "remote" expects boolean`]],
    ["a value outside the canonical ones", ["bob", "", "", "", "", "", "", "", "", "blue"], [`Attribute "badge" must be one of red, green`]],
    ["more cells than columns", ["bob", "", "", "", "", "", "", "", "", "", "extra"], ["The row has 11 cells; the header has 10 columns"]],
    [
      "several problems at once",
      ["", "abc", "", "", "", "", "x", "", "", ""],
      [`Attribute "floor" expects integer`, "userName: User name is required", "password: Password must have at least 6 characters"],
    ],
  ])("flags %s", (_, cells, errors) => {
    expect(read(cells)).toEqual({ errors });
  });

  it("requires a required custom attribute", () => {
    const required = attribute({ name: "floor", type: "integer", required: true });
    expect(read(["bob", "", "", "", "", "", "", "", "", ""], [required])).toEqual({ errors: [`Attribute "floor" is required`] });
  });

  it("takes the row's domain over the default", () => {
    const row = read(["bob", "", "", "", "", "sales", "", "", "", ""]);
    expect("user" in row && row.user.form.domain).toBe("sales");
  });
});

describe("repeatedNames", () => {
  it.each<[string, (string | undefined)[], [number, number][]]>([
    ["none", ["a", "b"], []],
    [
      "a repeat in another case, pointing at the first row",
      ["PRIMARY/Alice", "PRIMARY/bob", "PRIMARY/alice", "PRIMARY/ALICE"],
      [
        [3, 1],
        [4, 1],
      ],
    ],
    ["the same name in two stores is no repeat", ["PRIMARY/alice", "SALES/alice"], []],
    ["rows without a name are skipped", [undefined, "PRIMARY/a", undefined, "PRIMARY/a"], [[4, 2]]],
  ])("%s", (_, names, repeats) => {
    expect([...repeatedNames(names)]).toEqual(repeats);
  });
});
