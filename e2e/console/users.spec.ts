import { expect, createUser, signInAsAdmin, test, uniqueName } from "./helpers.ts";
import type { Page } from "@playwright/test";

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

async function searchUsers(page: Page, term: string) {
  await page.goto("/users");
  await page.getByLabel("Search users").fill(term);
}

test("creates, finds, edits and deletes a user", async ({ page }) => {
  const userName = uniqueName("alice");
  const email = `${userName}@example.com`;

  await createUser(page, { userName, givenName: "Alice", familyName: "Liddell", displayName: "Alice L.", email, password: "correct-horse-1" });
  await expect(page.getByRole("status").filter({ hasText: `User ${userName} created` })).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.goto("/users");
  await expect(page.getByRole("link", { name: userName, exact: true })).toBeVisible();

  await searchUsers(page, userName);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(userName);
  await expect(rows.first()).toContainText("Alice L.");
  await expect(rows.first()).toContainText(email);

  await rows.first().getByRole("link", { name: userName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
  const newEmail = `renamed-${userName}@example.org`;
  await page.getByLabel("Display name").fill("Alice Pleasance");
  await page.getByLabel("Email").fill(newEmail);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved" })).toBeVisible();

  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue("Alice Pleasance");
  await expect(page.getByLabel("Email")).toHaveValue(newEmail);
  await expect(page.getByLabel("First name")).toHaveValue("Alice");
  await expect(page.getByLabel("Last name")).toHaveValue("Liddell");

  await page.getByRole("button", { name: "Delete user" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole("status").filter({ hasText: `User ${userName} deleted` })).toBeVisible();
  await expect(page.getByRole("link", { name: userName, exact: true })).toHaveCount(0);

  await searchUsers(page, userName);
  await expect(page.getByText(`No user starts with "${userName}".`)).toBeVisible();
});

test("an invalid form shows field errors and creates nothing", async ({ page }) => {
  await page.goto("/users/new");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#userName-error")).toHaveText("User name is required");
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address");
  await expect(page.locator("#password-error")).toHaveText("Password must have at least 6 characters");
  await expect(page.getByLabel("User name")).toHaveAttribute("aria-invalid", "true");

  // With a valid user name the other errors must still hold the form back.
  const userName = uniqueName("bad-email");
  await page.getByLabel("User name").fill(userName);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address");
  await expect(page.locator("#userName-error")).toHaveCount(0);
  await expect(page).toHaveURL(/\/users\/new$/);

  await searchUsers(page, userName);
  await expect(page.getByText(`No user starts with "${userName}".`)).toBeVisible();
});

test("a user name taken in another case is refused", async ({ page }) => {
  const userName = uniqueName("Kim");
  await createUser(page, { userName });

  const sameInLowerCase = userName.toLowerCase();
  await page.goto("/users/new");
  await page.getByLabel("User name").fill(sameInLowerCase);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator("#userName-error")).toHaveText(`User name "${sameInLowerCase}" is already taken`);
  await expect(page).toHaveURL(/\/users\/new$/);

  await searchUsers(page, userName);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("link", { name: userName, exact: true })).toBeVisible();
});
