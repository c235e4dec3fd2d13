import { describe, expect, it } from "vitest";
import type { ProvisionedUser } from "../types.ts";
import { addUserArguments, claimUpdate, soapRoleName, soapUserName } from "./mapping.ts";

const C = (name: string) => `http://wso2.org/claims/${name}`;

describe("names at the remote", () => {
  it.each([
    ["kim", undefined, "kim"],
    ["PRIMARY/kim", undefined, "kim"],
    ["MYSQL/kim", undefined, "kim"],
    ["kim", "EXT", "EXT/kim"],
    ["MYSQL/kim", "EXT", "EXT/kim"],
    ["EXT/kim", "EXT", "EXT/kim"],
    ["kim", "PRIMARY", "kim"],
  ])("user %s with domain %s is %s", (name, userStoreDomain, expected) => {
    expect(soapUserName(name, { userStoreDomain })).toBe(expected);
    expect(soapRoleName(name, { userStoreDomain })).toBe(expected);
  });
});

const base: ProvisionedUser = { id: "u1", userName: "kim", active: true, emails: [], phoneNumbers: [] };

describe("addUserArguments", () => {
  it.each<[string, ProvisionedUser, string | undefined, Record<string, unknown>]>([
    ["a bare user", base, undefined, { userName: "kim", claims: [], profileName: "default" }],
    ["with a password", { ...base, password: "Kim-Secret-1" }, undefined, { userName: "kim", credential: "Kim-Secret-1", claims: [], profileName: "default" }],
    [
      "claims from the attributes",
      {
        ...base,
        userName: "MYSQL/kim",
        name: { givenName: "Kim", familyName: "Lee" },
        displayName: "Kim Lee",
        title: "Engineer",
        emails: [{ value: "kim@x.example", primary: true }],
        phoneNumbers: [{ value: "+1 555", type: "work" }],
        enterprise: { department: "Ops", employeeNumber: "42", costCenter: "not a claim" },
      },
      "EXT",
      {
        userName: "EXT/kim",
        claims: [
          { claimURI: C("givenname"), value: "Kim" },
          { claimURI: C("lastname"), value: "Lee" },
          { claimURI: C("emailaddress"), value: "kim@x.example" },
          { claimURI: C("telephone"), value: "+1 555" },
          { claimURI: C("title"), value: "Engineer" },
          { claimURI: C("department"), value: "Ops" },
          { claimURI: C("employeeNumber"), value: "42" },
          { claimURI: C("displayName"), value: "Kim Lee" },
        ],
        profileName: "default",
      },
    ],
  ])("%s", (_name, user, userStoreDomain, expected) => {
    expect(addUserArguments(user, { userStoreDomain })).toStrictEqual(expected);
  });
});

describe("claimUpdate", () => {
  it("sets what has a value and clears the rest", () => {
    const { set, clear } = claimUpdate({ ...base, name: { givenName: "Kim" }, title: "", emails: [{ value: "kim@x.example" }] });
    expect(set).toStrictEqual([
      { claimURI: C("givenname"), value: "Kim" },
      { claimURI: C("emailaddress"), value: "kim@x.example" },
    ]);
    expect(clear).toStrictEqual([C("lastname"), C("telephone"), C("title"), C("department"), C("employeeNumber"), C("displayName")]);
  });
});
