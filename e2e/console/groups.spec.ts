import { expect, createUser, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("creates a group, adds and removes a member, renames and deletes it", async ({ page }) => {
  await signInAsAdmin(page);
  const userName = uniqueName("member");
  await createUser(page, { userName, displayName: "Group Member" });

  const groupName = uniqueName("team");
  await page.goto("/groups");
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  await page.getByRole("link", { name: "New group" }).click();
  await expect(page).toHaveURL(/\/groups\/new$/);
  await expect(page.getByLabel("User store")).toHaveValue("PRIMARY");
  await page.getByLabel("Group name").fill(groupName);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page).toHaveURL(/\/groups\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: groupName })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: `Group ${groupName} created` })).toBeVisible();

  const members = page.getByRole("table", { name: "Members" });
  await expect(members).toContainText("No members yet.");

  await page.getByLabel("Find a user to add").fill(userName);
  await page.getByRole("button", { name: `Add ${userName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Member added" })).toBeVisible();
  await expect(members.getByRole("row").filter({ hasText: userName })).toContainText("Group Member");
  await expect(page.getByText("· 1 members")).toBeVisible();
  // Adding clears the search so the same user is not offered again.
  await expect(page.getByLabel("Find a user to add")).toHaveValue("");

  await page.reload();
  await expect(members.getByRole("row").filter({ hasText: userName })).toBeVisible();

  await members.getByRole("button", { name: `Remove ${userName}`, exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Member removed" })).toBeVisible();
  await expect(members).toContainText("No members yet.");
  await expect(members.getByText(userName)).toHaveCount(0);
  await expect(page.getByText("· 0 members")).toBeVisible();

  const renamed = uniqueName("renamed-team");
  await page.getByLabel("Group name").fill(renamed);
  await page.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Group renamed" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(page.getByLabel("Group name")).toHaveValue(renamed);

  await page.getByRole("button", { name: "Delete group" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(page.getByRole("status").filter({ hasText: `Group ${renamed} deleted` })).toBeVisible();
  await page.getByLabel("Search groups").fill(renamed);
  await expect(page.getByText(`No group matches "${renamed}".`)).toBeVisible();
  await page.getByLabel("Search groups").fill(groupName);
  await expect(page.getByText(`No group matches "${groupName}".`)).toBeVisible();
});
