import { describe, expect, it } from "vitest";
import type { AttrPath } from "./ast";
import { matchesFilter } from "./evaluate";
import { parseFilter } from "./parser";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const user: Record<string, unknown> = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "AbC-123",
  userName: "BJensen@example.com",
  name: { givenName: "Barbara", familyName: "Jensen", middleName: "" },
  displayName: "Babs Jensen",
  title: "",
  nickName: null,
  userType: "Employee",
  active: true,
  loginCount: 42,
  ratio: -1.5,
  emails: [
    { value: "bjensen@example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  phoneNumbers: [],
  ims: [{ value: "bjensen@xmpp.example", type: "xmpp" }],
  groups: [null],
  roles: ["Admin", "auditor"],
  addresses: [{ type: "work", country: "US", locality: "Hollywood" }],
  meta: { resourceType: "User", created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34Z" },
  [ENTERPRISE]: {
    employeeNumber: "701984",
    department: "Tour Operations",
    manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", displayName: "John Smith" },
  },
};

describe("matchesFilter", () => {
  const cases: Array<[string, boolean]> = [
    // eq / ne on strings, case-insensitive by default (RFC 7644 §3.4.2.2)
    [`userName eq "bjensen@example.com"`, true],
    [`userName eq "BJENSEN@EXAMPLE.COM"`, true],
    [`userName eq "bjensen"`, false],
    [`userName ne "bjensen"`, true],
    [`userName ne "bjensen@example.com"`, false],
    [`missing ne "x"`, false],
    // attribute names are case-insensitive (RFC 7643 §2.1)
    [`USERNAME eq "bjensen@example.com"`, true],
    [`Name.GivenName eq "barbara"`, true],
    // substring operators
    [`name.familyName co "ense"`, true],
    [`name.familyName co "ENSE"`, true],
    [`name.familyName co "xyz"`, false],
    [`userName sw "bjen"`, true],
    [`userName sw "example"`, false],
    [`userName ew "@EXAMPLE.com"`, true],
    [`userName ew "@example"`, false],
    [`displayName co ""`, true],
    // pr
    ["userName pr", true],
    ["title pr", false],
    ["nickName pr", false],
    ["missing pr", false],
    ["phoneNumbers pr", false],
    ["groups pr", false],
    ["emails pr", true],
    ["name pr", true],
    ["name.middleName pr", false],
    ["active pr", true],
    ["loginCount pr", true],
    // null equals unassigned (RFC 7643 §2.5)
    ["nickName eq null", true],
    ["missing eq null", true],
    ["title eq null", true],
    ["userName eq null", false],
    ["userName ne null", true],
    ["missing ne null", false],
    // booleans
    ["active eq true", true],
    ["active eq false", false],
    ["active ne false", true],
    [`active eq "true"`, false],
    // numbers
    ["loginCount eq 42", true],
    ["loginCount eq 42.0", true],
    ["loginCount gt 41.5", true],
    ["loginCount ge 42", true],
    ["loginCount lt 42", false],
    ["loginCount le 42", true],
    ["ratio lt -1.4e0", true],
    [`loginCount eq "42"`, false],
    // lexicographic ordering on strings
    [`name.familyName gt "j"`, true],
    [`name.familyName gt "K"`, false],
    [`name.familyName lt "jf"`, true],
    [`name.familyName ge "jensen"`, true],
    [`name.familyName le "JENSEN"`, true],
    // chronological ordering on dateTimes
    [`meta.lastModified gt "2011-05-13T04:42:33Z"`, true],
    [`meta.lastModified gt "2011-05-13T04:42:34Z"`, false],
    [`meta.lastModified ge "2011-05-13T04:42:34Z"`, true],
    [`meta.lastModified lt "2011-05-13T07:00:00+02:00"`, true],
    [`meta.lastModified lt "2011-05-13T06:00:00+02:00"`, false],
    [`meta.lastModified eq "2011-05-13T06:42:34.000+02:00"`, true],
    [`meta.created lt "2011-01-01"`, true],
    [`meta.created gt "2010-01-23"`, true],
    // multi-valued: any value matches
    [`emails.value ew "@jensen.org"`, true],
    [`emails.type eq "work"`, true],
    [`emails.type eq "other"`, false],
    [`emails.type ne "work"`, true],
    [`emails.primary eq true`, true],
    [`roles eq "ADMIN"`, true],
    [`roles eq "auditor"`, true],
    [`roles eq "owner"`, false],
    [`schemas eq "${ENTERPRISE}"`, true],
    // complex attribute without sub-attribute implies "value" (RFC 7644 §3.4.2.2 examples)
    [`emails co "jensen.org"`, true],
    [`emails eq "bjensen@example.com"`, true],
    [`emails co "nowhere"`, false],
    // value paths: one element must satisfy the whole inner filter
    [`emails[type eq "work"]`, true],
    [`emails[type eq "work" and value co "@example.com"]`, true],
    [`emails[type eq "home" and value co "@example.com"]`, false],
    [`emails[type eq "home" or primary eq true]`, true],
    [`emails[not (type eq "work") and value ew ".org"]`, true],
    [`emails[primary pr]`, true],
    [`emails[TYPE EQ "WORK"]`, true],
    [`phoneNumbers[type eq "work"]`, false],
    [`missing[type eq "work"]`, false],
    [`name[givenName eq "Barbara"]`, true],
    [`emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`, true],
    [`emails[type eq "work" and value co "@foo.com"] or ims[type eq "xmpp" and value co "@foo.com"]`, false],
    // extension attributes live under their URN key
    [`${ENTERPRISE}:employeeNumber eq "701984"`, true],
    [`${ENTERPRISE.toUpperCase()}:EmployeeNumber eq "701984"`, true],
    [`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE}:manager.displayName sw "john"`, true],
    [`${ENTERPRISE}:manager eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE}:userName pr`, false],
    [`employeeNumber pr`, false],
    [`urn:example:custom:1.0:User:employeeNumber pr`, false],
    // fully qualified core attributes sit at the top level (RFC 7644 §3.10)
    [`urn:ietf:params:scim:schemas:core:2.0:User:userName sw "BJ"`, true],
    [`urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "jensen"`, true],
    // logic
    [`title pr and userType eq "Employee"`, false],
    [`title pr or userType eq "Employee"`, true],
    [`not (title pr)`, true],
    [`not (userName pr)`, false],
    [`userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`, true],
    [`userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")`, false],
    [`userName eq "x" or active eq true and loginCount gt 100`, false],
    [`(userName eq "x" or active eq true) and loginCount gt 10`, true],
  ];

  it.each(cases)("%s → %s", (text, expected) => {
    expect(matchesFilter(user, parseFilter(text))).toBe(expected);
  });
});

describe("matchesFilter caseExact", () => {
  const key = (p: AttrPath) => [p.schema, p.attribute, p.subAttribute].filter(Boolean).join(":").toLowerCase();
  const exact = new Set(["id", "externalid", "emails:type", "emails:value", `${ENTERPRISE.toLowerCase()}:employeenumber`]);
  const options = { caseExact: (p: AttrPath) => exact.has(key(p)) };

  const cases: Array<[string, boolean]> = [
    [`externalId eq "abc-123"`, false],
    [`externalId eq "AbC-123"`, true],
    [`externalId sw "abc"`, false],
    [`userName eq "bjensen@example.com"`, true],
    [`emails[type eq "WORK"]`, false],
    [`emails[type eq "work"]`, true],
    [`emails.type eq "Work"`, false],
    [`emails co "JENSEN.ORG"`, false],
    [`emails co "jensen.org"`, true],
    [`roles eq "admin"`, true],
  ];

  it.each(cases)("%s → %s", (text, expected) => {
    expect(matchesFilter(user, parseFilter(text), options)).toBe(expected);
  });

  it("asks about inner value-filter paths fully qualified", () => {
    const asked: AttrPath[] = [];
    matchesFilter({ [ENTERPRISE]: { addresses: [{ type: "Work" }] } }, parseFilter(`${ENTERPRISE}:addresses[type eq "work"]`), { caseExact: (p) => (asked.push(p), false) });
    expect(asked).toContainEqual({ schema: ENTERPRISE, attribute: "addresses", subAttribute: "type" });
  });
});
