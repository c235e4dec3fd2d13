import { describe, expect, it } from "vitest";
import { ConnectorError, type ProvisionedUser } from "../types.ts";
import { emailFromUserName, groupEmailOf, groupNameOf, localPart, nameOf, primaryEmailOf, provisioIdOf, toGoogleUser, toGoogleUserInsert } from "./mapping.ts";

const settings = { domain: "example.com", primaryEmailSource: "userName", givenNameSource: "name.givenName", familyNameSource: "name.familyName" } as const;

const base: ProvisionedUser = { id: "u1", userName: "kim", active: true, emails: [], phoneNumbers: [] };

describe("Google Workspace mapping", () => {
  it.each([
    ["kim", "kim", "kim@example.com"],
    ["MYSQL/kim", "kim", "kim@example.com"],
    ["kim.lee@example.com", "kim.lee", "kim.lee@example.com"],
    ["PARTNER/kim@partner.example.org", "kim", "kim@partner.example.org"],
  ])("user name %j: mailbox %j, primary email %j", (userName, local, email) => {
    expect(localPart(userName)).toBe(local);
    expect(emailFromUserName(userName, "example.com")).toBe(email);
  });

  it.each<[string, Partial<ProvisionedUser>, string | RegExp]>([
    ["the primary email", { emails: [{ value: "other@example.com" }, { value: "kim.lee@example.com", primary: true }] }, "kim.lee@example.com"],
    ["the first email when none is primary", { emails: [{ value: "first@example.com", type: "work" }, { value: "second@example.com" }] }, "first@example.com"],
    ["an email without a value skipped", { emails: [{ type: "work", primary: true }, { value: "kim@example.com" }] }, "kim@example.com"],
    ["no email", { emails: [] }, /user "kim" has no email address/],
  ])("email source: %s", (_case, user, expected) => {
    const email = () => primaryEmailOf({ ...base, ...user }, { ...settings, primaryEmailSource: "email" });
    if (typeof expected === "string") expect(email()).toBe(expected);
    else expect(email).toThrow(expected);
  });

  it.each<[string, Partial<typeof settings> | Record<string, string>, Partial<ProvisionedUser>, { givenName: string; familyName: string }]>([
    ["name parts by default", {}, { name: { givenName: "Kim", familyName: "Lee" } }, { givenName: "Kim", familyName: "Lee" }],
    ["the user name for missing parts", {}, { userName: "SALES/kim.lee@example.com", name: { givenName: " " } }, { givenName: "kim.lee", familyName: "kim.lee" }],
    [
      "other attributes when chosen",
      { givenNameSource: "displayName", familyNameSource: "name.formatted" },
      { displayName: "Kimmy", name: { formatted: "Kim Lee" } },
      { givenName: "Kimmy", familyName: "Kim Lee" },
    ],
    ["the user name when chosen", { givenNameSource: "userName", familyNameSource: "name.middleName" }, { name: { givenName: "Kim", middleName: "J." } }, { givenName: "kim", familyName: "J." }],
    ["trimmed values", {}, { name: { givenName: "  Kim ", familyName: "Lee  " } }, { givenName: "Kim", familyName: "Lee" }],
  ])("names: %s", (_case, chosen, user, expected) => {
    expect(nameOf({ ...base, ...user }, { ...settings, ...chosen } as typeof settings)).toStrictEqual(expected);
  });

  it.each<[string, Partial<ProvisionedUser>, string | undefined, Record<string, unknown>]>([
    ["an active user", { name: { givenName: "Kim", familyName: "Lee" } }, "Pa55word-x", { suspended: false, password: "Pa55word-x" }],
    ["an inactive user is suspended", { active: false }, undefined, { suspended: true }],
  ])("body: %s", (_case, user, password, expected) => {
    const body = toGoogleUser({ ...base, ...user }, settings, password);
    expect(body).toMatchObject({ primaryEmail: "kim@example.com", ...expected });
    if (!password) expect(body).not.toHaveProperty("password");
  });

  it("marks an insert with the local user's id, and reads the mark back", () => {
    const body = toGoogleUserInsert(base, settings, "Pa55word-x");
    expect(body.externalIds).toStrictEqual([{ type: "custom", customType: "provisio", value: "u1" }]);
    expect(toGoogleUser(base, settings)).not.toHaveProperty("externalIds");
    expect(provisioIdOf([{ type: "organization", value: "E42" }, ...body.externalIds!])).toBe("u1");
    expect(provisioIdOf([{ type: "custom", customType: "hr", value: "E42" }])).toBeUndefined();
    expect(provisioIdOf(undefined)).toBeUndefined();
  });

  it.each([
    ["Team Leads", "team-leads@example.com", "Team Leads"],
    ["SALES/Ops", "ops@example.com", "Ops"],
    ["Équipe été", "equipe-ete@example.com", "Équipe été"],
    ["R&D Lab #2", "r-d-lab-2@example.com", "R&D Lab #2"],
    ["..dots..and__under", "dots.and__under@example.com", "..dots..and__under"],
    ["all-staff@example.com", "all-staff@example.com", "all-staff@example.com"],
  ])("group %j: address %j, name %j", (displayName, email, name) => {
    expect(groupEmailOf(displayName, "example.com")).toBe(email);
    expect(groupNameOf(displayName)).toBe(name);
  });

  it("refuses a group name that gives no address", () => {
    expect(() => groupEmailOf("日本", "example.com")).toThrow(ConnectorError);
    expect(() => groupEmailOf("SALES/!!!", "example.com")).toThrow(/group "SALES\/!!!" gives no usable email address/);
  });
});
