import { expect, createUser, signInAsAdmin, test, uniqueName } from "./helpers.ts";
import type { Page } from "@playwright/test";

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

async function createGroup(page: Page, groupName: string): Promise<string> {
  await page.goto("/groups/new");
  await page.getByLabel("Group name").fill(groupName);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("creates a role with permissions, assigns a user and a group, shows it on their pages, renames and deletes it", async ({ page }) => {
  // one role's whole life across five pages: some 60 steps, each a round trip on a busy 2-core machine
  test.setTimeout(180_000);
  const userName = uniqueName("role-holder");
  await createUser(page, { userName, displayName: "Role Holder" });
  const groupName = uniqueName("role-team");
  const groupId = await createGroup(page, groupName);

  // the navigation leads to the list, and the list to the form
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Roles" }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Roles" }).getByRole("link", { name: "admin", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "New role" }).click();
  await expect(page).toHaveURL(/\/roles\/new$/);

  const roleName = uniqueName("auditor");
  await page.getByLabel("Role name").fill(roleName);
  await page.getByLabel("Description").fill("Reads users and groups");
  await page.getByRole("checkbox", { name: "All Users permissions" }).check();
  await page.getByRole("checkbox", { name: /internal_group_mgt_view/ }).check();
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page).toHaveURL(/\/roles\/(?!new$)[^/]+$/);
  const roleUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name: roleName })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `Role ${roleName} created` })).toBeVisible();
  await expect(page.getByText("Reads users and groups · 6 permissions · 0 users · 0 groups")).toBeVisible();

  // Permissions: grouped, the group boxes say all, some or none; a change is saved and read back
  await page.getByRole("tab", { name: "Permissions" }).click();
  await expect(page.getByRole("checkbox", { name: "All Users permissions" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /internal_user_mgt_delete/ })).toBeChecked();
  const groupsBox = page.getByRole("checkbox", { name: "All Groups permissions" });
  await expect(groupsBox).not.toBeChecked();
  expect(await groupsBox.evaluate((el: HTMLInputElement) => el.indeterminate)).toBe(true);
  await page.getByRole("checkbox", { name: /internal_user_mgt_delete/ }).uncheck();
  await page.getByRole("checkbox", { name: /internal_role_mgt_view/ }).check();
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Permissions saved" })).toBeVisible();
  await page.reload();
  await page.getByRole("tab", { name: "Permissions" }).click();
  await expect(page.getByRole("checkbox", { name: /internal_role_mgt_view/ })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: /internal_user_mgt_delete/ })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "All Users permissions" })).not.toBeChecked();

  // Users: found by name and assigned
  await page.getByRole("tab", { name: "Users" }).click();
  const users = page.getByRole("table", { name: "Assigned users" });
  await expect(users).toContainText("No user holds this role directly.");
  await page.getByLabel("Find a user to add").fill(userName);
  await page.getByRole("button", { name: `Add ${userName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "User assigned" })).toBeVisible();
  await expect(users.getByRole("link", { name: userName, exact: true })).toBeVisible();

  // Groups: found by name and assigned
  await page.getByRole("tab", { name: "Groups" }).click();
  const groups = page.getByRole("table", { name: "Assigned groups" });
  await page.getByLabel("Find a group to add").fill(groupName);
  await page.getByRole("button", { name: `Add ${groupName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Group assigned" })).toBeVisible();
  await expect(groups.getByRole("link", { name: groupName, exact: true })).toBeVisible();
  await expect(page.getByText("6 permissions · 1 user · 1 group")).toBeVisible();

  await page.getByRole("tab", { name: "Connections" }).click();
  await expect(page.getByRole("table", { name: "Connections" })).toContainText("No connection limits its outbound provisioning to this role.");

  // the group's page lists the role
  await page.goto(`/groups/${groupId}`);
  await expect(page.getByRole("table", { name: "Roles of the group" }).getByRole("link", { name: roleName, exact: true })).toBeVisible();

  // the user's page: the role held directly; joining the group adds it through the group too; the role taken back directly
  await page.goto(roleUrl);
  await page.getByRole("tab", { name: "Users" }).click();
  await page.getByRole("table", { name: "Assigned users" }).getByRole("link", { name: userName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
  const userRoles = page.getByRole("table", { name: "Roles of the user" });
  await expect(userRoles.getByRole("row").filter({ hasText: roleName })).toContainText("Directly");
  const userGroups = page.getByRole("table", { name: "Groups of the user" });
  await expect(userGroups).toContainText("Not in any group.");
  await page.getByLabel("Find a group to add").fill(groupName);
  await page.getByRole("button", { name: `Add ${groupName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: `${userName} added to the group` })).toBeVisible();
  await expect(userGroups.getByRole("link", { name: groupName, exact: true })).toBeVisible();
  await expect(userRoles.getByRole("row").filter({ hasText: roleName })).toContainText(`Directly, and through group ${groupName}`);
  await userRoles.getByRole("button", { name: `Remove role ${roleName}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role removed" })).toBeVisible();
  await expect(userRoles.getByRole("row").filter({ hasText: roleName })).toContainText(`Through group ${groupName}`);
  await expect(userRoles.getByRole("button", { name: `Remove role ${roleName}` })).toHaveCount(0);
  // and assigned again from the user's page
  await page.getByLabel("Find a role to add").fill(roleName);
  await page.getByRole("button", { name: `Add ${roleName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role assigned" })).toBeVisible();
  await expect(userRoles.getByRole("row").filter({ hasText: roleName })).toContainText(`Directly, and through group ${groupName}`);

  // rename
  await page.goto(roleUrl);
  const renamed = uniqueName("reviewer");
  await page.getByLabel("Role name").fill(renamed);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role saved" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Role name")).toHaveValue(renamed);
  await expect(page.getByLabel("Description")).toHaveValue("Reads users and groups");

  // delete, after a first thought better of
  await page.getByRole("button", { name: "Delete role" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete role ${renamed}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Its 1 user and 1 group lose the role");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Delete role" }).click();
  await dialog.getByRole("button", { name: "Delete role" }).click();
  await expect(page).toHaveURL(/\/roles$/);
  await expect(page.getByRole("status").filter({ hasText: `Role ${renamed} deleted` })).toBeVisible();
  await page.getByLabel("Search roles").fill(renamed);
  await expect(page.getByText(`No role matches "${renamed}".`)).toBeVisible();
  await page.goto(`/groups/${groupId}`);
  await expect(page.getByRole("table", { name: "Roles of the group" })).toContainText("No role is assigned to this group.");
});

test("the admin role keeps its name and cannot be deleted", async ({ page }) => {
  await page.goto("/roles");
  await page.getByLabel("Search roles").fill("admin");
  await page.getByRole("table", { name: "Roles" }).getByRole("link", { name: "admin", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "admin" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete role" })).toBeDisabled();

  await page.getByLabel("Role name").fill("superuser");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#name-error")).toHaveText("The admin role cannot be renamed");
  await expect(page.getByLabel("Role name")).toHaveAttribute("aria-invalid", "true");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "admin" })).toBeVisible();
  await expect(page.getByLabel("Role name")).toHaveValue("admin");
});

test("a role form shows its errors next to the fields and creates nothing", async ({ page }) => {
  await page.goto("/roles/new");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.locator("#name-error")).toHaveText("Role name is required");

  // a name taken in another case: the API's answer under the field
  await page.getByLabel("Role name").fill("ADMIN");
  await page.getByRole("button", { name: "Create role" }).click();
  await expect(page.locator("#name-error")).toHaveText('Role "ADMIN" already exists');
  await expect(page).toHaveURL(/\/roles\/new$/);
});

test("the list says what to do when nothing matches", async ({ page }) => {
  await page.goto("/roles");
  const term = uniqueName("no-such-role");
  await page.getByLabel("Search roles").fill(term);
  await expect(page.getByRole("table", { name: "Roles" })).toContainText(`No role matches "${term}". Check the spelling, or create it with New role.`);
});
