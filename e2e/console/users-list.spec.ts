import type { Page } from "@playwright/test";
import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

const API = "/api/server/v1";

/** Users made through the admin API with the console's session, named prefix-01… so their order is known. */
async function arrangeUsers(page: Page, prefix: string, count: number): Promise<string[]> {
  const headers = { origin: new URL(page.url()).origin };
  const names: string[] = [];
  for (let i = 1; i <= count; i++) {
    const userName = `${prefix}-${String(i).padStart(2, "0")}`;
    const res = await page.request.post(`${API}/users`, { headers, data: { domain: "PRIMARY", userName, displayName: `Member ${String(count - i).padStart(2, "0")}` } });
    expect(res.status(), await res.text()).toBe(201);
    names.push(userName);
  }
  return names;
}

const userNames = (page: Page) => page.getByRole("table", { name: "Users" }).locator("tbody tr td:nth-child(2)").allInnerTexts();

test("the users list sorts by its columns, changes its page size, jumps to a page, and acts on selected users", async ({ page }) => {
  await signInAsAdmin(page);
  const prefix = uniqueName("bulk");
  const names = await arrangeUsers(page, prefix, 25);
  await page.goto("/users");
  await page.getByLabel("Search users").fill(prefix);
  await expect(page.getByText(`1–20 of 25`)).toBeVisible();
  expect(await userNames(page)).toEqual(names.slice(0, 20));

  // sorted by user name, descending; then by display name (the reverse of the user names here)
  const userNameHeading = page.getByRole("columnheader", { name: "User name" });
  await expect(userNameHeading).toHaveAttribute("aria-sort", "ascending");
  await userNameHeading.getByRole("button").click();
  await expect(userNameHeading).toHaveAttribute("aria-sort", "descending");
  await expect.poll(() => userNames(page)).toEqual([...names].reverse().slice(0, 20));
  await page.getByRole("columnheader", { name: "Name", exact: true }).getByRole("button").click();
  await expect(page.getByRole("columnheader", { name: "Name", exact: true })).toHaveAttribute("aria-sort", "ascending");
  await expect(userNameHeading).toHaveAttribute("aria-sort", "none");
  await expect.poll(() => userNames(page)).toEqual([...names].reverse().slice(0, 20));
  await userNameHeading.getByRole("button").click();

  // five a page: page 4 of 5 by typing it
  await page.getByLabel("Per page").selectOption("50");
  await expect(page.getByText("1–25 of 25")).toBeVisible();
  await page.getByLabel("Per page").selectOption("20");
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await page.getByLabel("Go to page").fill("2");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await expect(page.getByText("21–25 of 25")).toBeVisible();
  expect(await userNames(page)).toEqual(names.slice(20));

  // select the five on this page, disable them, then delete two after confirming
  await page.getByLabel("Select every user on this page").check();
  const bar = page.getByRole("region", { name: "Selected users" });
  await expect(bar).toContainText("5 users selected");
  await bar.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("status").filter({ hasText: "5 users disabled." })).toBeVisible();
  await expect(bar).toHaveCount(0);
  const rows = page.getByRole("table", { name: "Users" }).locator("tbody tr");
  await expect(rows.filter({ hasText: "Disabled" })).toHaveCount(5);

  await page.getByLabel(`Select ${names[20]}`).check();
  await page.getByLabel(`Select ${names[21]}`).check();
  await bar.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete 2 users?" });
  await expect(dialog).toContainText(names[20]!);
  await dialog.getByRole("button", { name: "Delete 2 users" }).click();
  await expect(page.getByRole("status").filter({ hasText: "2 users deleted." })).toBeVisible();
  await expect(page.getByText("21–23 of 23")).toBeVisible();
  expect(await userNames(page)).toEqual(names.slice(22));
});

test("the applications list finds an application by any word of its name, type or client ID", async ({ page }) => {
  await signInAsAdmin(page);
  const headers = { origin: new URL(page.url()).origin };
  const name = uniqueName("Payroll sync");
  const created = await page.request.post(`${API}/applications`, { headers, data: { name, kind: "m2m" } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto("/applications");
  const table = page.getByRole("table", { name: "Applications" });
  await page.getByLabel("Search applications").fill(`SYNC ${name.split("-").slice(-1)[0]}`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name })).toBeVisible();
  await page.getByLabel("Search applications").fill(`${name} nothing-else`);
  await expect(table).toContainText(`No application matches "${name} nothing-else".`);
});

test("the connections list finds a connection by its name or its connector's type", async ({ page }) => {
  await signInAsAdmin(page);
  const headers = { origin: new URL(page.url()).origin };
  const name = uniqueName("Workday feed");
  const created = await page.request.post(`${API}/identity-providers`, { headers, data: { name, description: "HR master data" } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto("/connections");
  const table = page.getByRole("table", { name: "Connections" });
  await page.getByLabel("Search connections").fill(`workday ${name.split("-").slice(-1)[0]} hr`);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await expect(table.getByRole("link", { name })).toBeVisible();
  await page.getByLabel("Search connections").fill(`${name} salesforce`);
  await expect(table).toContainText(`No connection matches "${name} salesforce".`);
});
