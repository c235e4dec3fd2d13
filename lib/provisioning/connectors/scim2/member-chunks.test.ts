import { describe, expect, it } from "vitest";
import { groupCreation, groupPatchMessages, mergeGroupForPut } from "./member-chunks.ts";

const settings = { stripLocalDomain: true };
const ids = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Per message: how many members it adds, how many it removes, and whether it renames. */
function shape(messages: Record<string, unknown>[]) {
  return messages.map((m) => {
    const ops = m.Operations as { op: string; path: string; value?: unknown[] }[];
    return {
      rename: ops.some((o) => o.path === "displayName"),
      adds: ops.filter((o) => o.op === "add").reduce((n, o) => n + o.value!.length, 0),
      removes: ops.filter((o) => o.op === "remove").length,
    };
  });
}

describe("groupPatchMessages", () => {
  it.each([
    { why: "a rename alone", add: 0, remove: 0, max: 100, withName: true, expected: [{ rename: true, adds: 0, removes: 0 }] },
    { why: "nothing at all without the name", add: 0, remove: 0, max: 100, withName: false, expected: [] },
    { why: "a one-member change is one message", add: 1, remove: 0, max: 100, withName: true, expected: [{ rename: true, adds: 1, removes: 0 }] },
    { why: "an add and a removal share a message", add: 1, remove: 1, max: 100, withName: true, expected: [{ rename: true, adds: 1, removes: 1 }] },
    {
      why: "250 adds at 100 per request",
      add: 250,
      remove: 0,
      max: 100,
      withName: false,
      expected: [
        { rename: false, adds: 100, removes: 0 },
        { rename: false, adds: 100, removes: 0 },
        { rename: false, adds: 50, removes: 0 },
      ],
    },
    {
      why: "adds then removals, packed up to the limit",
      add: 150,
      remove: 80,
      max: 100,
      withName: true,
      expected: [
        { rename: true, adds: 100, removes: 0 },
        { rename: false, adds: 50, removes: 50 },
        { rename: false, adds: 0, removes: 30 },
      ],
    },
    {
      why: "a limit of one",
      add: 2,
      remove: 1,
      max: 1,
      withName: false,
      expected: [
        { rename: false, adds: 1, removes: 0 },
        { rename: false, adds: 1, removes: 0 },
        { rename: false, adds: 0, removes: 1 },
      ],
    },
  ])("$why", ({ add, remove, max, withName, expected }) => {
    expect(shape(groupPatchMessages({ displayName: "G", addMemberRemoteIds: ids(add), removeMemberRemoteIds: ids(remove, "r") }, settings, max, withName))).toStrictEqual(expected);
  });

  it("names each member once and removes by a value filter", () => {
    const [message] = groupPatchMessages({ displayName: "G", addMemberRemoteIds: ["a", "a"], removeMemberRemoteIds: ['b"1'] }, settings, 10);
    expect(message!.Operations).toStrictEqual([
      { op: "replace", path: "displayName", value: "G" },
      { op: "add", path: "members", value: [{ value: "a" }] },
      { op: "remove", path: 'members[value eq "b\\"1"]' },
    ]);
  });
});

describe("groupCreation", () => {
  it.each([
    { why: "a small group goes whole", members: 3, max: 100, inBody: 3, rest: 0 },
    { why: "an empty group has no members attribute", members: 0, max: 100, inBody: 0, rest: 0 },
    { why: "a large group starts with the first chunk", members: 5000, max: 100, inBody: 100, rest: 4900 },
  ])("$why", ({ members, max, inBody, rest }) => {
    const created = groupCreation("G", ids(members), settings, max);
    expect(((created.body.members as unknown[]) ?? []).length).toBe(inBody);
    expect(created.rest).toHaveLength(rest);
    if (!members) expect(created.body).not.toHaveProperty("members");
  });
});

describe("mergeGroupForPut", () => {
  it("applies the change to the target's members and keeps the others", () => {
    const remote = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g", displayName: "G", members: [{ value: "a", display: "A" }, { value: "b" }], meta: { version: "1" } };
    expect(mergeGroupForPut(remote, { displayName: "G2", addMemberRemoteIds: ["c", "a"], removeMemberRemoteIds: ["b"] }, settings)).toStrictEqual({
      schemas: remote.schemas,
      id: "g",
      displayName: "G2",
      members: [{ value: "a" }, { value: "c" }],
    });
  });
});
