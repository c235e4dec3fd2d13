import { describe, expect, it } from "vitest";
import { applyClaims, readClaims, SUPPORTED_CLAIM_URIS, UnsupportedClaimError, type ClaimSubject } from "./claims.ts";

const C = (name: string) => `http://wso2.org/claims/${name}`;

const full: ClaimSubject = {
  name: { givenName: "Ada", familyName: "Lovelace" },
  displayName: "Ada L.",
  title: "Analyst",
  emails: [
    { value: "ada@home.example", type: "home" },
    { value: "ada@work.example", type: "work", primary: true },
  ],
  phoneNumbers: [{ value: "+44 20 7946 0000", type: "work" }],
  enterprise: { department: "Engines", employeeNumber: "1815" },
};

describe("readClaims", () => {
  it.each<[string, ClaimSubject, Record<string, string>]>([
    [
      "every supported attribute",
      full,
      {
        [C("givenname")]: "Ada",
        [C("lastname")]: "Lovelace",
        [C("emailaddress")]: "ada@work.example",
        [C("telephone")]: "+44 20 7946 0000",
        [C("title")]: "Analyst",
        [C("department")]: "Engines",
        [C("employeeNumber")]: "1815",
        [C("displayName")]: "Ada L.",
      },
    ],
    ["nothing set", {}, {}],
    ["nulls are no value", { name: { givenName: null, familyName: null }, title: null, enterprise: null, emails: null }, {}],
    ["without a primary email, the first", { emails: [{ value: "a@x.example" }, { value: "b@x.example" }] }, { [C("emailaddress")]: "a@x.example" }],
    ["a primary phone number over the first", { phoneNumbers: [{ value: "1" }, { value: "2", primary: true }] }, { [C("telephone")]: "2" }],
    ["an entry without a value is no value", { emails: [{ type: "work" }] }, {}],
  ])("%s", (_name, subject, expected) => {
    expect(Object.fromEntries(readClaims(subject).map((c) => [c.claimURI, c.value]))).toStrictEqual(expected);
  });

  it("lists empty claims too when asked, so that an update clears them", () => {
    const claims = readClaims({ name: { givenName: "Ada" } }, { includeEmpty: true });
    expect(claims.map((c) => c.claimURI)).toStrictEqual(SUPPORTED_CLAIM_URIS);
    expect(claims.filter((c) => c.value)).toStrictEqual([{ claimURI: C("givenname"), value: "Ada" }]);
  });
});

describe("applyClaims", () => {
  it.each<[string, ClaimSubject, { claimURI: string; value?: string | null }[], ClaimSubject]>([
    ["given name", {}, [{ claimURI: C("givenname"), value: "Ada" }], { name: { givenName: "Ada" } }],
    ["last name keeps the given name", { name: { givenName: "Ada" } }, [{ claimURI: C("lastname"), value: "Byron" }], { name: { givenName: "Ada", familyName: "Byron" } }],
    ["title, trimmed", {}, [{ claimURI: C("title"), value: "  Analyst " }], { title: "Analyst" }],
    ["display name", {}, [{ claimURI: C("displayName"), value: "Ada L." }], { displayName: "Ada L." }],
    ["department", { enterprise: { employeeNumber: "1" } }, [{ claimURI: C("department"), value: "Engines" }], { enterprise: { employeeNumber: "1", department: "Engines" } }],
    ["employee number", {}, [{ claimURI: C("employeeNumber"), value: "1815" }], { enterprise: { employeeNumber: "1815" } }],
    ["a first email becomes the primary work email", {}, [{ claimURI: C("emailaddress"), value: "ada@x.example" }], { emails: [{ value: "ada@x.example", type: "work", primary: true }] }],
    [
      "an email replaces the primary one and keeps the others",
      {
        emails: [
          { value: "home@x.example", type: "home" },
          { value: "old@x.example", type: "work", primary: true },
        ],
      },
      [{ claimURI: C("emailaddress"), value: "new@x.example" }],
      {
        emails: [
          { value: "new@x.example", type: "work", primary: true },
          { value: "home@x.example", type: "home" },
        ],
      },
    ],
    [
      "a telephone replaces the first number when none is primary",
      {
        phoneNumbers: [
          { value: "1", type: "mobile" },
          { value: "2", type: "home" },
        ],
      },
      [{ claimURI: C("telephone"), value: "3" }],
      {
        phoneNumbers: [
          { value: "3", type: "mobile", primary: true },
          { value: "2", type: "home" },
        ],
      },
    ],
    ["a first telephone is a primary work number", {}, [{ claimURI: C("telephone"), value: "3" }], { phoneNumbers: [{ value: "3", type: "work", primary: true }] }],
    ["an empty value clears", { title: "Analyst", name: { givenName: "Ada" } }, [{ claimURI: C("title"), value: "" }, { claimURI: C("givenname") }], { title: null, name: { givenName: null } }],
    [
      "an empty email removes the shown one only",
      { emails: [{ value: "a@x.example", primary: true }, { value: "b@x.example" }] },
      [{ claimURI: C("emailaddress"), value: " " }],
      { emails: [{ value: "b@x.example" }] },
    ],
    ["no claims, no change", { title: "Analyst" }, [], { title: "Analyst" }],
  ])("%s", (_name, subject, claims, expected) => {
    expect(applyClaims(subject, claims)).toStrictEqual(expected);
  });

  it("leaves the subject it was given as it was", () => {
    const subject: ClaimSubject = { name: { givenName: "Ada" }, emails: [{ value: "a@x.example", primary: true }] };
    const copy = structuredClone(subject);
    applyClaims(subject, [
      { claimURI: C("givenname"), value: "Augusta" },
      { claimURI: C("emailaddress"), value: "b@x.example" },
    ]);
    expect(subject).toStrictEqual(copy);
  });

  it.each(["http://wso2.org/claims/country", "http://wso2.org/claims/GIVENNAME", "urn:ietf:params:scim:schemas:core:2.0:User:userName", "toString", "__proto__"])(
    "refuses claim %s, naming the supported ones",
    (claimURI) => {
      const attempt = () => applyClaims({}, [{ claimURI, value: "x" }]);
      expect(attempt).toThrow(UnsupportedClaimError);
      expect(attempt).toThrow(/supported claims: http:\/\/wso2.org\/claims\/givenname/);
    },
  );

  it("round-trips: what is read applies back to the same attributes", () => {
    const back = applyClaims<ClaimSubject>({}, readClaims(full));
    expect(readClaims(back)).toStrictEqual(readClaims(full));
  });
});
