import { describe, expect, it } from "vitest";
import { heldRoleLine, otherRolesLine, roleFormSchema, roleToForm, withPermissions, ROLE_FIELD_OF } from "./role-form.ts";

describe("the role form", () => {
  it("trims the name and requires it, defaults the description and permissions", () => {
    expect(roleFormSchema.parse({ name: "  auditor " })).toEqual({ name: "auditor", description: "", permissions: [] });
    const empty = roleFormSchema.safeParse({ name: "  " });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]).toMatchObject({ path: ["name"], message: "Role name is required" });
  });

  it("accepts only known permission names", () => {
    expect(roleFormSchema.parse({ name: "r", permissions: ["internal_user_mgt_view"] }).permissions).toEqual(["internal_user_mgt_view"]);
    const unknown = roleFormSchema.safeParse({ name: "r", permissions: ["internal_user_mgt_view", "root"] });
    expect(unknown.error?.issues[0]).toMatchObject({ path: ["permissions", 1], message: "Unknown permission" });
  });

  it("starts editing from the role, leaving out permissions it does not know", () => {
    expect(roleToForm({ name: "ops", description: "Operators", permissions: ["internal_user_mgt_view", "legacy_scope"] })).toEqual({
      name: "ops",
      description: "Operators",
      permissions: ["internal_user_mgt_view"],
    });
  });

  it("names the store's fields as the form and the API do", () => {
    expect(ROLE_FIELD_OF.displayName).toBe("name");
    expect(ROLE_FIELD_OF.members).toBe("userIds");
    expect(ROLE_FIELD_OF.groups).toBe("groupIds");
  });
});

describe("ticking a group of permissions", () => {
  it("adds the group's permissions once, after the ones already chosen", () => {
    expect(withPermissions(["a", "b"], ["b", "c", "c"], true)).toEqual(["a", "b", "c"]);
  });
  it("clears only the group's permissions", () => {
    expect(withPermissions(["a", "b", "c", "a"], ["b", "c"], false)).toEqual(["a"]);
  });
});

describe("a connection on a role's Connections tab", () => {
  const roles = [
    { id: "r1", name: "sales" },
    { id: "r2", name: "support" },
  ];
  it("names the connection's other provisioning roles", () => {
    expect(otherRolesLine("r1", roles)).toBe("Also provisions holders of support");
    expect(otherRolesLine("r1", [roles[0]])).toBe("Provisions only holders of this role");
  });
});

describe("how a user holds a role", () => {
  it("says directly, through which groups, or both", () => {
    expect(heldRoleLine({ direct: true, groups: [] })).toBe("Directly");
    expect(heldRoleLine({ direct: false, groups: [{ display: "Engineering" }] })).toBe("Through group Engineering");
    expect(heldRoleLine({ direct: true, groups: [{ display: "Engineering" }, { display: "EXT/Ops" }] })).toBe("Directly, and through groups Engineering, EXT/Ops");
  });
});
