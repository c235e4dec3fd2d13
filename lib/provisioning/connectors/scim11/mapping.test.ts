import { describe, expect, it } from "vitest";
import type { ProvisionedUser } from "../types.ts";
import { applyMemberDelta, SCIM11_CORE_SCHEMA, toScim11Group, toScim11User } from "./mapping.ts";

const kim: ProvisionedUser = {
  id: "u1",
  userName: "MYSQL/kim",
  active: true,
  name: { givenName: "Kim", familyName: null },
  emails: [{ value: "kim@example.com", type: "work" }],
  phoneNumbers: [],
  enterprise: { employeeNumber: "42", department: null },
};

describe("toScim11User", () => {
  const core = { userName: "kim", active: true, name: { givenName: "Kim" }, emails: [{ value: "kim@example.com", type: "work" }] };
  it.each([
    ["no extension key: enterprise attributes stay home", {}, { schemas: [SCIM11_CORE_SCHEMA], ...core }],
    [
      "SCIM 1.1 enterprise schema",
      { enterpriseExtensionKey: "urn:scim:schemas:extension:enterprise:1.0" },
      {
        schemas: [SCIM11_CORE_SCHEMA, "urn:scim:schemas:extension:enterprise:1.0"],
        ...core,
        "urn:scim:schemas:extension:enterprise:1.0": { employeeNumber: "42" },
      },
    ],
    ["WSO2 alias", { enterpriseExtensionKey: "EnterpriseUser" }, { schemas: [SCIM11_CORE_SCHEMA], ...core, EnterpriseUser: { employeeNumber: "42" } }],
  ])("%s", (_name, extra, expected) => {
    expect(toScim11User(kim, { stripLocalDomain: true, ...extra })).toStrictEqual(expected);
  });

  it("sends a password only when given, and the user store domain", () => {
    expect(toScim11User(kim, { stripLocalDomain: true })).not.toHaveProperty("password");
    expect(toScim11User({ ...kim, password: "pw-1234" }, { stripLocalDomain: true, userStoreDomain: "EXT" })).toMatchObject({ userName: "EXT/kim", password: "pw-1234" });
    // PRIMARY is implicit: never a prefix, for users and groups alike
    expect(toScim11User({ ...kim, userName: "PRIMARY/kim" }, { stripLocalDomain: false })).toMatchObject({ userName: "kim" });
    expect(toScim11User(kim, { stripLocalDomain: false, userStoreDomain: "PRIMARY" })).toMatchObject({ userName: "kim" });
    expect(toScim11Group("PRIMARY/admins", [], { stripLocalDomain: false }).displayName).toBe("admins");
    expect(toScim11Group("admins", [], { stripLocalDomain: false, userStoreDomain: "EXT" }).displayName).toBe("EXT/admins");
  });

  it("leaves out an empty extension", () => {
    const out = toScim11User({ ...kim, enterprise: {} }, { stripLocalDomain: true, enterpriseExtensionKey: "EnterpriseUser" });
    expect(out).not.toHaveProperty("EnterpriseUser");
    expect(out.schemas).toStrictEqual([SCIM11_CORE_SCHEMA]);
  });
});

describe("applyMemberDelta", () => {
  it.each([
    ["nothing changes", [{ value: "a" }], [], [], [{ value: "a" }]],
    ["adds after existing ones", [{ value: "a", display: "A" }], ["b"], [], [{ value: "a", display: "A" }, { value: "b" }]],
    ["removes", [{ value: "a" }, { value: "b" }], [], ["a"], [{ value: "b" }]],
    ["no duplicates for members already there", [{ value: "a" }], ["a", "b", "b"], [], [{ value: "a" }, { value: "b" }]],
    ["removal wins over an add of the same member", [], ["a"], ["a"], []],
    ["removing an absent member is harmless", [{ value: "a" }], [], ["zz"], [{ value: "a" }]],
    ["remote duplicates collapse", [{ value: "a" }, { value: "a" }], [], [], [{ value: "a" }]],
    ["keeps display and type only", [{ value: "a", display: "A", type: "User", $ref: "x" } as never], [], [], [{ value: "a", display: "A", type: "User" }]],
  ])("%s", (_name, current, add, remove, expected) => {
    expect(applyMemberDelta(current, add, remove)).toStrictEqual(expected);
  });

  it("builds the PUT body", () => {
    expect(toScim11Group("admins", [], { stripLocalDomain: true })).toStrictEqual({ schemas: [SCIM11_CORE_SCHEMA], displayName: "admins" });
    expect(toScim11Group("admins", [{ value: "a" }], { stripLocalDomain: true })).toStrictEqual({ schemas: [SCIM11_CORE_SCHEMA], displayName: "admins", members: [{ value: "a" }] });
  });
});
