import { describe, expect, it } from "vitest";
import type { ProvisionedUser } from "../types.ts";
import { eqFilter, filterLiteral, remoteUserName, SCIM2_ENTERPRISE_SCHEMA, SCIM2_GROUP_SCHEMA, SCIM2_PATCH_SCHEMA, SCIM2_USER_SCHEMA, toScim2User, type UserNameSettings } from "./mapping.ts";
import { groupCreation, groupPatchMessages } from "./member-chunks.ts";

const strip = { stripLocalDomain: true };
const keep = { stripLocalDomain: false };

describe("remoteUserName", () => {
  it.each([
    ["MYSQL/kim", strip, "kim"],
    ["kim", strip, "kim"],
    ["MYSQL/kim", keep, "MYSQL/kim"],
    ["kim", keep, "kim"],
    ["MYSQL/kim", { ...keep, userStoreDomain: "EXT" }, "EXT/kim"],
    ["MYSQL/kim", { ...strip, userStoreDomain: "EXT" }, "EXT/kim"],
    ["kim", { ...strip, userStoreDomain: "EXT" }, "EXT/kim"],
    // already mapped names come back unchanged, so lookups may pass either form
    ["EXT/kim", { ...strip, userStoreDomain: "EXT" }, "EXT/kim"],
    ["ext/kim", { ...strip, userStoreDomain: "EXT" }, "EXT/kim"],
    ["/kim", strip, "/kim"],
    // PRIMARY is implicit in SCIM names: never sent as a prefix, whatever the settings
    ["PRIMARY/kim", keep, "kim"],
    ["primary/kim", keep, "kim"],
    ["PRIMARY/kim", strip, "kim"],
    ["kim", { ...keep, userStoreDomain: "PRIMARY" }, "kim"],
    ["MYSQL/kim", { ...keep, userStoreDomain: "primary" }, "kim"],
    ["PRIMARY/kim", { ...strip, userStoreDomain: "PRIMARY" }, "kim"],
  ] as const)("%s with %o -> %s", (name, settings, expected) => {
    expect(remoteUserName(name, settings)).toBe(expected);
  });
});

describe("filter literals", () => {
  it.each([
    ["kim", '"kim"'],
    ['a"b', '"a\\"b"'],
    ["a\\b", '"a\\\\b"'],
    ['\\"', '"\\\\\\""'],
    ["tab\there", '"tab\\there"'],
    ["Jörg", '"Jörg"'],
  ])("%s -> %s", (value, literal) => {
    expect(filterLiteral(value)).toBe(literal);
    expect(JSON.parse(filterLiteral(value))).toBe(value);
  });

  it("builds an eq filter with the operator as given", () => {
    expect(eqFilter("userName", 'x"y')).toBe('userName eq "x\\"y"');
    expect(eqFilter("userName", "x", "Eq")).toBe('userName Eq "x"');
  });
});

const base: ProvisionedUser = { id: "u1", userName: "MYSQL/kim", active: true, emails: [], phoneNumbers: [] };

describe("toScim2User", () => {
  const cases: [string, ProvisionedUser, Record<string, unknown>][] = [
    ["minimal", base, { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true }],
    ["inactive", { ...base, active: false }, { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: false }],
    [
      "core attributes, nulls and empties dropped",
      {
        ...base,
        externalId: "ext-1",
        name: { givenName: "Kim", familyName: "Lee", formatted: null, middleName: "" },
        displayName: "Kim Lee",
        title: null,
        emails: [{ value: "kim@example.com", type: "work", primary: true }, { value: "" }, { value: "k@home.example", primary: false }],
        phoneNumbers: [{ value: "+1 555 0100", type: "mobile" }],
      },
      {
        schemas: [SCIM2_USER_SCHEMA],
        userName: "kim",
        externalId: "ext-1",
        active: true,
        name: { givenName: "Kim", familyName: "Lee" },
        displayName: "Kim Lee",
        emails: [{ value: "kim@example.com", type: "work", primary: true }, { value: "k@home.example" }],
        phoneNumbers: [{ value: "+1 555 0100", type: "mobile" }],
      },
    ],
    [
      "enterprise extension",
      { ...base, enterprise: { employeeNumber: "42", department: "R&D", organization: null, costCenter: "", division: "Labs" } },
      {
        schemas: [SCIM2_USER_SCHEMA, SCIM2_ENTERPRISE_SCHEMA],
        userName: "kim",
        active: true,
        [SCIM2_ENTERPRISE_SCHEMA]: { employeeNumber: "42", department: "R&D", division: "Labs" },
      },
    ],
    ["empty enterprise extension left out", { ...base, enterprise: { employeeNumber: null } }, { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true }],
    ["password when given", { ...base, password: "S3cret!pw" }, { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true, password: "S3cret!pw" }],
    ["empty name object left out", { ...base, name: { givenName: null } }, { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true }],
  ];
  it.each(cases)("%s", (_name, user, expected) => {
    expect(toScim2User(user, strip)).toStrictEqual(expected);
  });

  it("never carries a password key unless one is given", () => {
    expect(Object.keys(toScim2User({ ...base, password: "" }, strip))).not.toContain("password");
    expect(Object.keys(toScim2User(base, strip))).not.toContain("password");
  });

  it("applies the user store domain", () => {
    expect(toScim2User(base, { stripLocalDomain: true, userStoreDomain: "EXT" }).userName).toBe("EXT/kim");
  });

  it("sends a 250-character name in PRIMARY as it is, without a PRIMARY/ prefix that would make it 258", () => {
    const long = "u".repeat(250);
    expect(toScim2User({ ...base, userName: long }, { stripLocalDomain: true, userStoreDomain: "PRIMARY" }).userName).toBe(long);
    expect(toScim2User({ ...base, userName: `PRIMARY/${long}` }, keep).userName).toBe(long);
  });
});

describe("groups", () => {
  it.each([
    [
      { displayName: "admins", memberRemoteIds: [] },
      { schemas: [SCIM2_GROUP_SCHEMA], displayName: "admins" },
    ],
    [
      { displayName: "admins", memberRemoteIds: ["r1", "r2", "r1"] },
      { schemas: [SCIM2_GROUP_SCHEMA], displayName: "admins", members: [{ value: "r1" }, { value: "r2" }] },
    ],
  ])("group %#", (group, expected) => {
    expect(groupCreation(group.displayName, group.memberRemoteIds, strip, 1000).body).toStrictEqual(expected);
  });

  it("maps group names by the same domain rules as user names, on create and rename", () => {
    const group = (displayName: string, settings: UserNameSettings) => groupCreation(displayName, [], settings, 1000).body.displayName;
    expect(group("admins", { ...keep, userStoreDomain: "PRIMARY" })).toBe("admins");
    expect(group("PRIMARY/admins", keep)).toBe("admins");
    expect(group("SALES/admins", keep)).toBe("SALES/admins");
    expect(group("SALES/admins", strip)).toBe("admins");
    expect(group("admins", { ...strip, userStoreDomain: "EXT" })).toBe("EXT/admins");
    const [rename] = groupPatchMessages({ displayName: "SALES/ops", addMemberRemoteIds: [], removeMemberRemoteIds: [] }, { ...keep, userStoreDomain: "PRIMARY" }, 1000);
    expect(rename!.Operations).toEqual([{ op: "replace", path: "displayName", value: "ops" }]);
  });

  it.each([
    ["rename only", { displayName: "ops", addMemberRemoteIds: [], removeMemberRemoteIds: [] }, [{ op: "replace", path: "displayName", value: "ops" }]],
    [
      "adds in one operation, removes one filter each",
      { displayName: "ops", addMemberRemoteIds: ["a", "b"], removeMemberRemoteIds: ["c", 'd"\\'] },
      [
        { op: "replace", path: "displayName", value: "ops" },
        { op: "add", path: "members", value: [{ value: "a" }, { value: "b" }] },
        { op: "remove", path: 'members[value eq "c"]' },
        { op: "remove", path: 'members[value eq "d\\"\\\\"]' },
      ],
    ],
  ])("PatchOp: %s", (_name, delta, operations) => {
    expect(groupPatchMessages(delta, strip, 1000)).toStrictEqual([{ schemas: [SCIM2_PATCH_SCHEMA], Operations: operations }]);
  });
});
