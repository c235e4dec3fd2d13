import { describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { developerName, groupName, lastName, salesforceAlias, salesforceUsername, soqlList, soqlString, toSalesforceUser, toSalesforceUserUpdate, usernameAtDomain } from "./mapping.ts";

const settings = {
  profileId: "00e5g000001AbCdAAK",
  timeZoneSidKey: "Europe/Berlin",
  localeSidKey: "de_DE",
  emailEncodingKey: "ISO-8859-1",
  languageLocaleKey: "de",
  aliasRule: "initialAndLastName" as const,
  usernameSource: "email" as const,
  usernameDomain: undefined,
};

const user = (extra: Partial<ProvisionedUser> = {}): ProvisionedUser => ({
  id: "u1",
  userName: "kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: "kim@example.com" }],
  phoneNumbers: [],
  ...extra,
});

describe("salesforceUsername", () => {
  it.each([
    ["the primary email", user({ emails: [{ value: "other@example.com" }, { value: "kim@example.com", primary: true }] }), "kim@example.com"],
    ["the first email when none is primary", user({ emails: [{ value: "" }, { value: " first@example.com " }, { value: "second@example.com" }] }), "first@example.com"],
  ])("from the email: %s", (_case, u, expected) => {
    expect(salesforceUsername(u, settings)).toBe(expected);
  });

  it("refuses a user without an email when the Username comes from it", () => {
    expect(() => salesforceUsername(user({ userName: "MYSQL/kim", emails: [] }), settings)).toThrow(ConnectorError);
    expect(() => salesforceUsername(user({ emails: [] }), settings)).toThrow(/kim has none; add an email or make usernames from the user name/);
  });

  it.each([
    ["kim", "sf.acme.example", "kim@sf.acme.example"],
    ["MYSQL/kim", "sf.acme.example", "kim@sf.acme.example"],
    ["kim@corp.example", "sf.acme.example", "kim.corp.example@sf.acme.example"],
    ["a@b@c.example", "sf.acme.example", "a.b.c.example@sf.acme.example"],
    // already at the domain: kept, so applying the rule twice changes nothing
    ["kim@sf.acme.example", "sf.acme.example", "kim@sf.acme.example"],
    ["kim@SF.acme.example", "sf.acme.example", "kim@SF.acme.example"],
    ["a@b@sf.acme.example", "sf.acme.example", "a.b.sf.acme.example@sf.acme.example"],
  ])("user name at the domain: %s at %s -> %s", (userName, domain, expected) => {
    expect(usernameAtDomain(userName, domain)).toBe(expected);
    expect(salesforceUsername(user({ userName, emails: [] }), { usernameSource: "userNameAtDomain", usernameDomain: domain })).toBe(expected);
  });
});

describe("salesforceAlias", () => {
  it.each([
    ["Kim Lee", { givenName: "Kim", familyName: "Lee" }, "kim", "initialAndLastName", "klee"],
    ["a long family name", { givenName: "Ada", familyName: "Lovelace-Byron" }, "ada", "initialAndLastName", "alovelac"],
    ["spaces dropped", { givenName: "Mary Ann", familyName: "van der Berg" }, "mary", "initialAndLastName", "mvanderb"],
    ["no given name", { familyName: "Lee" }, "kim", "initialAndLastName", "lee"],
    ["no family name: the user name", { givenName: "Kim" }, "MYSQL/kim.lee@corp.example", "initialAndLastName", "kim.lee"],
    ["letters beyond the BMP count once", { givenName: "𝒜da", familyName: "Łukasiewicz" }, "ada", "initialAndLastName", "𝒜łukasie"],
    ["the user name rule", { givenName: "Kim", familyName: "Lee" }, "kimberly.lee@corp.example", "userName", "kimberly"],
    ["nothing usable", {}, "  ", "userName", "user"],
  ] as const)("%s", (_case, name, userName, rule, expected) => {
    const alias = salesforceAlias({ userName, name }, rule);
    expect(alias).toBe(expected);
    expect(Array.from(alias).length).toBeLessThanOrEqual(8);
  });
});

describe("lastName", () => {
  it.each([
    [{ name: { familyName: " Lee " }, displayName: "Kim L." }, "Lee"],
    [{ name: { familyName: "" }, displayName: "Kim L." }, "Kim L."],
    [{ name: {}, displayName: null }, "kim"],
  ])("%o -> %s", (fields, expected) => {
    expect(lastName({ userName: "MYSQL/kim", ...fields })).toBe(expected);
  });
});

describe("toSalesforceUser and toSalesforceUserUpdate", () => {
  it.each([
    [
      "every field",
      user({ title: "Engineer", enterprise: { department: "R&D", employeeNumber: "42", organization: "Acme" } }),
      { FirstName: "Kim", Title: "Engineer", Department: "R&D", EmployeeNumber: "42" },
      { FirstName: "Kim", Title: "Engineer", Department: "R&D", EmployeeNumber: "42" },
    ],
    ["no optional field", user({ name: { familyName: "Lee" } }), {}, { FirstName: null, Title: null, Department: null, EmployeeNumber: null }],
    ["blank values are absent", user({ title: " ", name: { givenName: "", familyName: "Lee" } }), {}, { FirstName: null, Title: null, Department: null, EmployeeNumber: null }],
  ])("%s", (_case, u, createOptional, updateOptional) => {
    expect(toSalesforceUser(u, settings)).toStrictEqual({
      Username: "kim@example.com",
      LastName: "Lee",
      Email: "kim@example.com",
      IsActive: true,
      ...createOptional,
      Alias: u.name?.givenName ? "klee" : "lee",
      TimeZoneSidKey: "Europe/Berlin",
      LocaleSidKey: "de_DE",
      EmailEncodingKey: "ISO-8859-1",
      LanguageLocaleKey: "de",
      ProfileId: "00e5g000001AbCdAAK",
    });
    expect(toSalesforceUserUpdate(u, settings)).toStrictEqual({ Username: "kim@example.com", LastName: "Lee", Email: "kim@example.com", IsActive: true, ...updateOptional });
  });

  it("deactivates with IsActive=false", () => {
    expect(toSalesforceUserUpdate(user({ active: false }), settings)).toMatchObject({ IsActive: false });
    expect(toSalesforceUser(user({ active: false }), settings)).toMatchObject({ IsActive: false });
  });

  it("requires an Email even when the Username comes from the user name", () => {
    expect(() => toSalesforceUser(user({ emails: [] }), { ...settings, usernameSource: "userNameAtDomain", usernameDomain: "sf.acme.example" })).toThrow(
      /Salesforce requires an Email, and kim has none/,
    );
  });
});

describe("groups", () => {
  it.each([
    ["Sales Team", "Sales Team", "Sales_Team"],
    ["PRIMARY/Sales Team", "Sales Team", "Sales_Team"],
    ["MYSQL/ops", "ops", "ops"],
    ["R&D -- Europe!", "R&D -- Europe!", "R_D_Europe"],
    ["Équipe Café", "Équipe Café", "Equipe_Cafe"],
    ["2024 hires", "2024 hires", "G_2024_hires"],
    ["_x_", "_x_", "x"],
    ["a".repeat(100), "a".repeat(100), "a".repeat(80)],
    [`${"a".repeat(79)} b`, `${"a".repeat(79)} b`, "a".repeat(79)],
  ])("%s: Name %s, DeveloperName %s", (displayName, name, dev) => {
    expect(groupName(displayName)).toBe(name);
    expect(developerName(displayName)).toBe(dev);
  });

  it("names a group of another script by a stable hash", () => {
    const dev = developerName("営業部");
    expect(dev).toMatch(/^Group_[0-9a-f]{12}$/);
    expect(developerName("PRIMARY/営業部")).toBe(dev);
    expect(developerName("総務部")).not.toBe(dev);
  });
});

describe("SOQL literals", () => {
  it.each([
    ["kim@example.com", "'kim@example.com'"],
    ["o'brien@example.com", "'o\\'brien@example.com'"],
    ["back\\slash", "'back\\\\slash'"],
    ["line\nbreak\ttab", "'line\\nbreak\\ttab'"],
    ['say "hi"', "'say \\\"hi\\\"'"],
    ["' OR Id != '", "'\\' OR Id != \\''"],
  ])("%j -> %s", (value, literal) => {
    expect(soqlString(value)).toBe(literal);
  });

  it("lists", () => {
    expect(soqlList(["a", "b'c"])).toBe("('a', 'b\\'c')");
  });
});
