import { createUser, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("lists a change made in the console, filters it and links to its target", async ({ page }) => {
  await signInAsAdmin(page);
  const userName = uniqueName("audited");
  const id = await createUser(page, { userName });

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const events = page.getByRole("table", { name: "Audit events" });
  await expect(events.getByRole("row").nth(1)).toBeVisible();

  await page.getByLabel("Channel").selectOption("console");
  await page.getByLabel("Target type").selectOption("User");
  await page.getByLabel("Target id").fill(id);
  await page.getByRole("button", { name: "Apply filters" }).click();
  const row = events.getByRole("row").filter({ hasText: userName });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("user.create");
  await expect(row).toContainText("console");
  await expect(events.getByRole("row")).toHaveCount(2);

  await page.getByLabel("Action").fill("user.delete");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(events.getByText("No events match.")).toBeVisible();

  await page.getByLabel("Action").fill("");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await row.getByRole("link", { name: id }).click();
  await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
});
