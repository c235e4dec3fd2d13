import { describe, expect, it } from "vitest";
import { catalogueProblems, groupSelection, PERMISSION_GROUPS, type PermissionGroup } from "./permission-catalogue.ts";
import { PERMISSIONS } from "./permissions.ts";

describe("the permission catalogue", () => {
  it("lists every permission once, with a description", () => {
    expect(catalogueProblems()).toEqual([]);
    const listed = PERMISSION_GROUPS.flatMap((g) => g.permissions);
    expect(listed).toHaveLength(PERMISSIONS.length);
    for (const p of listed) expect(p.description, p.name).toMatch(/\w{3}/);
  });

  it("groups them as WSO2's console does, users, groups and roles first", () => {
    expect(PERMISSION_GROUPS.map((g) => g.id)).toEqual(["console", "users", "groups", "roles", "bulk", "applications", "identity-providers", "user-stores", "configuration"]);
    const of = (id: string) => PERMISSION_GROUPS.find((g) => g.id === id)!.permissions.map((p) => p.name);
    expect(of("roles")).toEqual(["internal_role_mgt_view", "internal_role_mgt_create", "internal_role_mgt_update", "internal_role_mgt_delete"]);
    expect(of("identity-providers").every((p) => p.startsWith("internal_idp_"))).toBe(true);
    expect(new Set(PERMISSION_GROUPS.map((g) => g.id)).size).toBe(PERMISSION_GROUPS.length);
  });

  it("notices a permission left out or listed twice", () => {
    const [first, ...rest] = PERMISSION_GROUPS;
    const twice: PermissionGroup = { ...first, permissions: [...first.permissions, rest[0].permissions[0]] };
    expect(catalogueProblems([twice, ...rest])).toEqual([`${rest[0].permissions[0].name} is listed more than once`]);
    expect(catalogueProblems(rest)).toEqual(["console_login is in no group"]);
  });

  it("says which groups a role has all, some or none of", () => {
    const selection = groupSelection(PERMISSION_GROUPS, ["console_login", "internal_group_mgt_view", "unknown_scope"]);
    const state = Object.fromEntries(selection.map((s) => [s.id, s.state]));
    expect(state).toMatchObject({ console: "all", groups: "some", users: "none" });
  });
});
