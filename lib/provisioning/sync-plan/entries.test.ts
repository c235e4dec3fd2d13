import { describe, expect, it } from "vitest";
import { createScim2Connector } from "../connectors/scim2/index.ts";
import { scim2ConfigSchema } from "../connectors/scim2/config.ts";
import { SCIM2_ENTERPRISE_SCHEMA } from "../connectors/scim2/mapping.ts";
import type { ProvisionedUser } from "../connectors/types.ts";
import { groupPlanEntry, userPlanEntry, withoutSecrets, type UserPlanInput } from "./entries.ts";

// the SCIM 2.0 connector's own delta, as a plan uses it
const scim2 = createScim2Connector(
  scim2ConfigSchema.parse({ userEndpoint: "http://target.invalid/Users", groupEndpoint: "http://target.invalid/Groups", authType: "basic", username: "u", password: "p" }),
);
const changes = scim2.userChanges!.bind(scim2);

const kim: ProvisionedUser = {
  id: "u1",
  userName: "kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: "kim@example.com", type: "work", primary: true }],
  phoneNumbers: [],
  enterprise: { department: "R&D" },
};
// what the target received when kim was last sent
const lastSent = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName: "kim",
  active: true,
  name: { givenName: "Kim", familyName: "Lee" },
  emails: [{ value: "kim@example.com", type: "work", primary: true }],
  [SCIM2_ENTERPRISE_SCHEMA]: { department: "R&D" },
};
const base: UserPlanInput = { id: "u1", user: kim, inScope: true, mapping: { lastSent }, deprovision: "delete", changes };

describe("userPlanEntry", () => {
  it.each<{ why: string; input: Partial<UserPlanInput>; expected: Record<string, unknown> | undefined }>([
    { why: "in scope, unchanged since the last send", input: {}, expected: { action: "unchanged", lastSentKnown: true } },
    {
      why: "in scope, a name and the department changed locally",
      input: { user: { ...kim, name: { givenName: "Kimberly", familyName: "Lee" }, enterprise: { department: "Sales" } } },
      expected: {
        action: "update",
        lastSentKnown: true,
        differences: [
          { path: "name.givenName", before: "Kim", after: "Kimberly" },
          { path: `${SCIM2_ENTERPRISE_SCHEMA}:department`, before: "R&D", after: "Sales" },
        ],
      },
    },
    {
      why: "in scope, an attribute cleared locally is removed",
      input: { user: { ...kim, enterprise: {} } },
      expected: { action: "update", differences: [{ path: `${SCIM2_ENTERPRISE_SCHEMA}:department`, before: "R&D" }] },
    },
    {
      why: "in scope, never sent: created with every attribute",
      input: { mapping: undefined },
      expected: { action: "create", differences: expect.arrayContaining([{ path: "userName", after: "kim" }]) },
    },
    {
      why: "in scope, mapped but the last send unknown: updated with everything",
      input: { mapping: {} },
      expected: { action: "update", lastSentKnown: false, differences: expect.arrayContaining([{ path: "name.givenName", after: "Kim" }]) },
    },
    { why: "in scope, a connector keeping no state: an update without differences", input: { changes: undefined }, expected: { action: "update", lastSentKnown: false } },
    { why: "out of scope and never sent: nothing to do", input: { inScope: false, mapping: undefined }, expected: undefined },
    { why: "gone here and never sent: nothing to do", input: { user: undefined, mapping: undefined }, expected: undefined },
    { why: "left scope, the connection deletes", input: { inScope: false }, expected: { action: "delete", reason: "left the connection's scope" } },
    {
      why: "left scope, the connection deactivates",
      input: { inScope: false, deprovision: "deactivate" },
      expected: { action: "deactivate", reason: "left the connection's scope", differences: [{ path: "active", before: true, after: false }] },
    },
    {
      why: "out of scope and deactivated there already",
      input: { inScope: false, deprovision: "deactivate", mapping: { lastSent: { ...lastSent, active: false } } },
      expected: { action: "unchanged", reason: "deactivated at the target (out of scope)" },
    },
    {
      why: "deleted here: deleted at the target whatever deprovision says",
      input: { user: undefined, deprovision: "deactivate", lastKnownName: "kim.old" },
      expected: { action: "delete", name: "kim.old", reason: "no longer exists" },
    },
  ])("$why", ({ input, expected }) => {
    const entry = userPlanEntry({ ...base, ...input });
    if (expected === undefined) expect(entry).toBeUndefined();
    else expect(entry).toMatchObject({ kind: "user", id: "u1", name: "kim", ...expected });
    if (expected && !("differences" in expected) && entry?.action !== "create") expect(entry?.differences ?? []).toEqual([]);
  });
});

describe("withoutSecrets", () => {
  it.each([
    { change: { path: "password", before: "old", after: "new" }, shown: { path: "password", secret: true } },
    { change: { path: "urn:x:clientSecret", after: "s3cret" }, shown: { path: "urn:x:clientSecret", secret: true } },
    { change: { path: "title", before: "A", after: "B" }, shown: { path: "title", before: "A", after: "B" } },
  ])("$change.path", ({ change, shown }) => {
    expect(withoutSecrets([change])).toEqual([shown]);
    expect(JSON.stringify(withoutSecrets([change]))).not.toMatch(/old|new|s3cret/);
  });
});

describe("groupPlanEntry", () => {
  const members = { membersAdded: { count: 100000, first: ["a", "b"] }, membersRemoved: { count: 1, first: ["z"] } };
  it.each([
    { why: "never sent", input: { id: "g1", displayName: "Ops", mapped: false, ...members }, expected: { action: "create", name: "Ops", ...members } },
    { why: "at the target", input: { id: "g1", displayName: "Ops", mapped: true, ...members }, expected: { action: "update", name: "Ops", ...members } },
    { why: "gone here", input: { id: "g1", lastKnownName: "Ops", mapped: true }, expected: { action: "delete", name: "Ops", reason: "no longer exists" } },
    { why: "gone here, its name unknown", input: { id: "g1", mapped: true }, expected: { action: "delete", name: "g1" } },
  ])("$why", ({ input, expected }) => {
    expect(groupPlanEntry(input)).toMatchObject({ kind: "group", id: "g1", ...expected });
  });
});
