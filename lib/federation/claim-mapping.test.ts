import { describe, expect, it } from "vitest";
import { applyAttributes, CUSTOM, ENTERPRISE, mapClaims, mappableAttributes, mappedRoleNames, newUserInput, roleValues, type SyncableInput } from "./claim-mapping";
import { claimSettingsSchema } from "./settings";

const settings = (over: Record<string, unknown> = {}) => claimSettingsSchema.parse(over);

describe("mapClaims", () => {
  it.each([
    ["sub by default", {}, { sub: "abc", preferred_username: "kim" }, "abc", "kim"],
    ["email as subject", { subjectClaim: "email" }, { sub: "abc", email: "kim@example.com" }, "kim@example.com", "kim@example.com"],
    ["no preferred_username: email proposes the name", {}, { sub: "abc", email: "kim@example.com" }, "abc", "kim@example.com"],
    ["nothing but the subject", {}, { sub: "abc" }, "abc", "abc"],
    ["a mapping to userName wins", { mappings: [{ idpClaim: "upn", localAttribute: "userName" }] }, { sub: "abc", upn: "KIM@corp", preferred_username: "kim" }, "abc", "KIM@corp"],
  ])("%s", (_name, over, claims, subject, userName) => {
    const result = mapClaims(claims, settings(over));
    expect(result.ok && result.identity.subject).toBe(subject);
    expect(result.ok && result.identity.proposedUserName).toBe(userName);
  });

  it.each([
    ["missing", { email: "x@example.com" }],
    ["empty", { sub: "  " }],
    ["an object", { sub: { id: 1 } }],
  ])("refuses a subject claim that is %s", (_name, claims) => {
    const result = mapClaims(claims, settings());
    expect(result).toMatchObject({ ok: false, reason: "missing_subject" });
  });

  it.each([
    ["missing", { sub: "s" }, false],
    ["empty", { sub: "s", dept: "" }, false],
    ["sent", { sub: "s", dept: "R&D" }, true],
  ])("a required claim %s: the mapping %s", (_name, claims, ok) => {
    const result = mapClaims(claims, settings({ mappings: [{ idpClaim: "dept", localAttribute: `${ENTERPRISE}:department`, required: true }] }));
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result).toMatchObject({ reason: "missing_claim", message: expect.stringContaining('"dept"') });
  });

  it("maps the standard claims by default and explicit mappings on top", () => {
    const result = mapClaims(
      { sub: "s", given_name: "Kim", family_name: "Lee", email: "kim@example.com", dept: "R&D", name: "Kim Lee", cost: 42 },
      settings({
        mappings: [
          { idpClaim: "dept", localAttribute: `${ENTERPRISE}:department` },
          { idpClaim: "cost", localAttribute: `${ENTERPRISE}:costCenter` },
          { idpClaim: "given_name", localAttribute: "nickName" },
        ],
      }),
    );
    if (!result.ok) throw new Error("mapping failed");
    expect(Object.fromEntries(result.identity.attributes)).toEqual({
      "name.givenName": "Kim",
      "name.familyName": "Lee",
      displayName: "Kim Lee",
      "emails.value": "kim@example.com",
      [`${ENTERPRISE}:department`]: "R&D",
      [`${ENTERPRISE}:costCenter`]: "42",
      nickName: "Kim",
    });
  });

  it.each([
    [true, true],
    ["true", true],
    [false, false],
    [undefined, false],
    ["yes", false],
  ])("email_verified %s counts as verified: %s", (value, verified) => {
    const result = mapClaims({ sub: "s", email: "a@b.c", email_verified: value }, settings());
    expect(result.ok && result.identity.emailVerified).toBe(verified);
  });

  it("reads the role claim when one is named", () => {
    const result = mapClaims({ sub: "s", groups: ["eng", "ops"] }, settings({ roleClaim: "groups" }));
    expect(result.ok && result.identity.idpRoles).toEqual(["eng", "ops"]);
    const none = mapClaims({ sub: "s", groups: ["eng"] }, settings());
    expect(none.ok && none.identity.idpRoles).toEqual([]);
  });
});

describe("roleValues", () => {
  it.each([
    [
      ["a", "b"],
      ["a", "b"],
    ],
    ["a,b c", ["a", "b", "c"]],
    [
      ["a", 3, "", " b "],
      ["a", "b"],
    ],
    [42, []],
    [null, []],
  ])("%j → %j", (value, expected) => expect(roleValues(value)).toEqual(expected));
});

describe("mappedRoleNames", () => {
  const mappings = [
    { idpRole: "eng", localRole: "developers" },
    { idpRole: "ops", localRole: "developers" },
    { idpRole: "admins", localRole: "admin" },
  ];
  it.each([
    [["eng", "ops"], ["developers"]],
    [["admins", "unknown"], ["admin"]],
    [["ENG"], []],
    [[], []],
  ])("%j → %j", (idpRoles, expected) => expect(mappedRoleNames(idpRoles, mappings)).toEqual(expected));
});

describe("applyAttributes", () => {
  const base = (): SyncableInput & { title?: string | null } => ({
    userName: "kim",
    name: { givenName: "Kimberly", familyName: null },
    enterprise: {},
    emails: [
      { value: "old@example.com", primary: true, type: "work" },
      { value: "home@example.com", type: "home" },
    ],
    phoneNumbers: [],
    photos: [],
    custom: {},
    title: "Engineer",
  });
  const sent = new Map([
    ["name.givenName", "Kim"],
    ["name.familyName", "Lee"],
    ["emails.value", "new@example.com"],
    [`${CUSTOM}:badge`, "B-7"],
  ]);

  it("OVERRIDE_ALL: the identity provider's values win; attributes it did not send stay", () => {
    const input = base();
    expect(applyAttributes(input, sent, "all")).toBe(true);
    expect(input.name).toEqual({ givenName: "Kim", familyName: "Lee" });
    expect(input.emails).toEqual([
      { value: "new@example.com", primary: true, type: "work" },
      { value: "home@example.com", type: "home" },
    ]);
    expect(input.title).toBe("Engineer");
    expect(input.custom).toEqual({ badge: "B-7" });
  });

  it("PRESERVE_LOCAL: only empty local attributes are filled", () => {
    const input = base();
    applyAttributes(input, sent, "empty");
    expect(input.name).toEqual({ givenName: "Kimberly", familyName: "Lee" });
    expect(input.emails[0].value).toBe("old@example.com");
  });

  it("exceptions keep their local value", () => {
    const input = base();
    applyAttributes(input, sent, "all", ["name.givenName", "emails.value"]);
    expect(input.name.givenName).toBe("Kimberly");
    expect(input.emails[0].value).toBe("old@example.com");
    expect(input.name.familyName).toBe("Lee");
  });

  it("reports no change when the values are already there", () => {
    const input = base();
    applyAttributes(input, sent, "all");
    expect(applyAttributes(input, sent, "all")).toBe(false);
  });
});

describe("newUserInput", () => {
  it("builds a user from the attributes sent", () => {
    expect(
      newUserInput(
        "PRIMARY/kim",
        new Map([
          ["emails.value", "kim@example.com"],
          ["name.givenName", "Kim"],
        ]),
        "s3cret!",
      ),
    ).toMatchObject({
      userName: "PRIMARY/kim",
      password: "s3cret!",
      name: { givenName: "Kim" },
      emails: [{ value: "kim@example.com", primary: true }],
    });
  });
});

describe("mappableAttributes", () => {
  it("lists core, enterprise and custom attributes", () => {
    const all = mappableAttributes(["badge"]);
    expect(all).toContain("name.givenName");
    expect(all).toContain(`${ENTERPRISE}:department`);
    expect(all).toContain(`${CUSTOM}:badge`);
    expect(all).not.toContain(`${CUSTOM}:other`);
  });
});
