import { describe, expect, it } from "vitest";
import { SCIM2_ENTERPRISE_SCHEMA, SCIM2_USER_SCHEMA } from "./mapping.ts";
import { mergeForPut, userPatchOperations } from "./user-delta.ts";

const ENT = SCIM2_ENTERPRISE_SCHEMA;
const base = { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true, name: { givenName: "Kim", familyName: "Lee" }, emails: [{ value: "kim@example.com", primary: true }] };

describe("userPatchOperations", () => {
  it.each([
    { why: "nothing changed", previous: base, next: base, ops: [] },
    { why: "a simple attribute changed", previous: base, next: { ...base, active: false }, ops: [{ op: "replace", path: "active", value: false }] },
    {
      why: "a sub-attribute changed, the other left alone",
      previous: base,
      next: { ...base, name: { givenName: "Kimberly", familyName: "Lee" } },
      ops: [{ op: "replace", path: "name.givenName", value: "Kimberly" }],
    },
    { why: "a sub-attribute removed locally", previous: base, next: { ...base, name: { givenName: "Kim" } }, ops: [{ op: "remove", path: "name.familyName" }] },
    { why: "a new attribute", previous: base, next: { ...base, title: "Engineer" }, ops: [{ op: "replace", path: "title", value: "Engineer" }] },
    { why: "an attribute removed locally", previous: { ...base, title: "Engineer" }, next: base, ops: [{ op: "remove", path: "title" }] },
    {
      why: "a multi-valued attribute changed goes whole",
      previous: base,
      next: { ...base, emails: [{ value: "kim@example.org" }] },
      ops: [{ op: "replace", path: "emails", value: [{ value: "kim@example.org" }] }],
    },
    { why: "a multi-valued attribute emptied", previous: base, next: { ...base, emails: undefined }, ops: [{ op: "remove", path: "emails" }] },
    {
      why: "an enterprise attribute changed and one removed",
      previous: { ...base, schemas: [SCIM2_USER_SCHEMA, ENT], [ENT]: { department: "R&D", costCenter: "7" } },
      next: { ...base, schemas: [SCIM2_USER_SCHEMA, ENT], [ENT]: { department: "Sales" } },
      ops: [
        { op: "replace", path: `${ENT}:department`, value: "Sales" },
        { op: "remove", path: `${ENT}:costCenter` },
      ],
    },
    {
      why: "without a previous state, every present attribute is replaced and nothing removed",
      previous: undefined,
      next: { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: true, name: { givenName: "Kim" } },
      ops: [
        { op: "replace", path: "userName", value: "kim" },
        { op: "replace", path: "active", value: true },
        { op: "replace", path: "name.givenName", value: "Kim" },
      ],
    },
    { why: "a new password is sent, an old one never removed", previous: base, next: { ...base, password: "S3cret!" }, ops: [{ op: "replace", path: "password", value: "S3cret!" }] },
  ])("$why", ({ previous, next, ops }) => {
    expect(userPatchOperations(previous as Record<string, unknown> | undefined, next as Record<string, unknown>)).toStrictEqual(ops);
  });

  it("names every present attribute again on a resend, and still removes what is gone", () => {
    const ops = userPatchOperations({ ...base, title: "Engineer" }, base, { resend: true });
    expect(ops).toStrictEqual([
      { op: "replace", path: "userName", value: "kim" },
      { op: "replace", path: "active", value: true },
      { op: "replace", path: "name.givenName", value: "Kim" },
      { op: "replace", path: "name.familyName", value: "Lee" },
      { op: "replace", path: "emails", value: base.emails },
      { op: "remove", path: "title" },
    ]);
  });
});

describe("mergeForPut", () => {
  const remote = {
    schemas: [SCIM2_USER_SCHEMA, "urn:example:ext"],
    id: "r1",
    userName: "kim",
    nickName: "kimmy",
    active: true,
    name: { givenName: "Kim", familyName: "Lee", honorificPrefix: "Dr." },
    emails: [{ value: "kim@example.com", primary: true }],
    "urn:example:ext": { badge: "B-7" },
    groups: [{ value: "g1" }],
    meta: { resourceType: "User" },
  };

  it.each([
    {
      why: "keeps the target's own attributes and sub-attributes, lays Provisio's over them",
      previous: base,
      next: { ...base, name: { givenName: "Kimberly", familyName: "Lee" } },
      expected: { ...remote, name: { givenName: "Kimberly", familyName: "Lee", honorificPrefix: "Dr." }, groups: undefined, meta: undefined },
    },
    {
      why: "clears what Provisio sent before and no longer has, nothing else",
      previous: { ...base, title: "Engineer" },
      next: { ...base, emails: undefined },
      expected: { ...remote, emails: undefined, groups: undefined, meta: undefined },
    },
    {
      why: "adds the enterprise extension and its schema",
      previous: base,
      next: { ...base, schemas: [SCIM2_USER_SCHEMA, ENT], [ENT]: { department: "Sales" } },
      expected: { ...remote, schemas: [SCIM2_USER_SCHEMA, "urn:example:ext", ENT], [ENT]: { department: "Sales" }, groups: undefined, meta: undefined },
    },
    {
      why: "without a previous state removes nothing",
      previous: undefined,
      next: { schemas: [SCIM2_USER_SCHEMA], userName: "kim", active: false },
      expected: { ...remote, active: false, groups: undefined, meta: undefined },
    },
  ])("$why", ({ previous, next, expected }) => {
    const clean = (o: Record<string, unknown>) => JSON.parse(JSON.stringify(o));
    expect(clean(mergeForPut(remote, previous as Record<string, unknown> | undefined, next as Record<string, unknown>))).toStrictEqual(clean(expected));
  });

  it("never changes the object it was given", () => {
    const copy = structuredClone(remote);
    mergeForPut(remote, base, { ...base, name: { givenName: "X" } });
    expect(remote).toStrictEqual(copy);
  });
});
