import { describe, expect, it } from "vitest";
import type { ProvisionedUser } from "../types.ts";
import { DEFAULT_ATTRIBUTE_MAPPING, type AttributeMapping } from "./config.ts";
import { addAttributes, replaceModifications, userNameAttribute } from "./mapping.ts";
import { bareUserName, readSource, USER_SOURCE_NAMES, type UserSource } from "./sources.ts";

const user = (extra: Partial<ProvisionedUser> = {}): ProvisionedUser => ({ id: "u1", userName: "kim", active: true, emails: [], phoneNumbers: [], ...extra });

const full = user({
  userName: "MYSQL/kim",
  externalId: "ext-7",
  displayName: "Kim L.",
  title: "Engineer",
  name: { givenName: "Kim", middleName: "J", familyName: "Lee", formatted: "Dr. Kim J. Lee" },
  emails: [
    { value: "other@example.com", type: "home" },
    { value: "kim@example.com", type: "work", primary: true },
  ],
  phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
  enterprise: { employeeNumber: "E-1", department: "R&D", organization: "Example", costCenter: "CC-9", division: "North" },
});

describe("user attribute sources", () => {
  it.each<[UserSource, ProvisionedUser, string | undefined]>([
    ["userName", full, "kim"],
    ["userName", user({ userName: "PRIMARY/ana" }), "ana"],
    ["userName", user({ userName: "ana" }), "ana"],
    ["externalId", full, "ext-7"],
    ["displayName", full, "Kim L."],
    ["displayName", user({ displayName: "  " }), undefined],
    ["commonName", full, "Kim L."],
    ["commonName", user({ name: { givenName: "Kim", familyName: "Lee", formatted: "Kim Lee (formatted)" } }), "Kim Lee (formatted)"],
    ["commonName", user({ name: { givenName: "Kim", familyName: "Lee" } }), "Kim Lee"],
    ["commonName", user({ userName: "SALES/kim" }), "kim"],
    ["fullName", full, "Dr. Kim J. Lee"],
    ["fullName", user({ name: { givenName: "Kim", middleName: "", familyName: "Lee" } }), "Kim Lee"],
    ["fullName", user(), undefined],
    ["givenName", full, "Kim"],
    ["familyName", full, "Lee"],
    ["familyName", user({ name: { familyName: null } }), undefined],
    ["middleName", full, "J"],
    ["email", full, "kim@example.com"],
    ["email", user({ emails: [{ value: "" }, { value: "first@example.com" }, { value: "second@example.com" }] }), "first@example.com"],
    ["email", user(), undefined],
    ["phoneNumber", full, "+1 555 0100"],
    ["title", full, "Engineer"],
    ["employeeNumber", full, "E-1"],
    ["department", full, "R&D"],
    ["organization", full, "Example"],
    ["costCenter", full, "CC-9"],
    ["division", full, "North"],
    ["active", full, "TRUE"],
    ["active", user({ active: false }), "FALSE"],
  ])("%s of %o", (source, u, value) => {
    expect(readSource(u, source)).toBe(value);
  });

  it("every source is covered above", () => {
    expect(USER_SOURCE_NAMES).toHaveLength(17);
  });
});

describe("DSML attributes of a user", () => {
  const settings = { objectClass: "inetOrgPerson", attributeMapping: DEFAULT_ATTRIBUTE_MAPPING };

  it.each<{ name: string; user: ProvisionedUser; objectClass?: string; mapping?: AttributeMapping; add: [string, string[]][]; replace: [string, string[]][] }>([
    {
      name: "a full user with the default mapping",
      user: full,
      add: [
        ["objectclass", ["inetOrgPerson"]],
        ["uid", ["kim"]],
        ["cn", ["Kim L."]],
        ["sn", ["Lee"]],
        ["givenName", ["Kim"]],
        ["mail", ["kim@example.com"]],
        ["title", ["Engineer"]],
        ["telephoneNumber", ["+1 555 0100"]],
      ],
      replace: [
        ["uid", ["kim"]],
        ["cn", ["Kim L."]],
        ["sn", ["Lee"]],
        ["givenName", ["Kim"]],
        ["mail", ["kim@example.com"]],
        ["title", ["Engineer"]],
        ["telephoneNumber", ["+1 555 0100"]],
      ],
    },
    {
      name: "a bare user: absent attributes are left out of the add and cleared by the modify",
      user: user({ userName: "bare" }),
      add: [
        ["objectclass", ["inetOrgPerson"]],
        ["uid", ["bare"]],
        ["cn", ["bare"]],
      ],
      replace: [
        ["uid", ["bare"]],
        ["cn", ["bare"]],
        ["sn", []],
        ["givenName", []],
        ["mail", []],
        ["title", []],
        ["telephoneNumber", []],
      ],
    },
    {
      name: "a custom mapping and object classes",
      user: full,
      objectClass: "inetOrgPerson, posixAccount",
      mapping: [
        { attribute: "accountId", source: "userName" },
        { attribute: "employeeNumber", source: "employeeNumber" },
        { attribute: "ou", source: "department" },
        { attribute: "description", source: "externalId" },
      ],
      add: [
        ["objectclass", ["inetOrgPerson", "posixAccount"]],
        ["accountId", ["kim"]],
        ["employeeNumber", ["E-1"]],
        ["ou", ["R&D"]],
        ["description", ["ext-7"]],
      ],
      replace: [
        ["accountId", ["kim"]],
        ["employeeNumber", ["E-1"]],
        ["ou", ["R&D"]],
        ["description", ["ext-7"]],
      ],
    },
  ])("$name", ({ user: u, objectClass, mapping, add, replace }) => {
    const s = { objectClass: objectClass ?? settings.objectClass, attributeMapping: mapping ?? settings.attributeMapping };
    expect(addAttributes(u, s).map((a) => [a.name, a.values])).toStrictEqual(add);
    expect(replaceModifications(u, s).map((a) => [a.name, a.values])).toStrictEqual(replace);
  });

  it.each<[AttributeMapping, string | undefined]>([
    [DEFAULT_ATTRIBUTE_MAPPING, "uid"],
    [[{ attribute: "accountId", source: "userName" }], "accountId"],
    [[{ attribute: "cn", source: "commonName" }], undefined],
  ])("the user name travels in %o's %s", (attributeMapping, attribute) => {
    expect(userNameAttribute({ objectClass: "x", attributeMapping })).toBe(attribute);
  });

  it.each([
    ["kim", "kim"],
    ["PRIMARY/kim", "kim"],
    ["MYSQL/kim", "kim"],
  ])("searches for %s as %s", (local, remote) => {
    expect(bareUserName(local)).toBe(remote);
  });
});
