import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("defines a custom attribute that the user form edits and /scim2/Schemas shows, and deletes it saying who holds a value", async ({ page, baseURL }) => {
  const name = uniqueName("floor").replace(/-/g, "_");
  await signInAsAdmin(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Attributes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Attributes" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Enterprise User attributes" }).getByRole("cell", { name: "department", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "New attribute" }).click();
  await page.getByLabel("Attribute name").fill(name);
  await page.getByLabel("Type").selectOption("integer");
  await page.getByLabel("Description").fill("Office floor");
  await page.getByRole("button", { name: "Add attribute" }).click();
  const row = page.getByRole("table", { name: "Custom attributes" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("integer");

  const schema = await (await page.request.get(`${baseURL}/scim2/Schemas/urn:scim:schemas:extension:custom:User`)).json();
  expect(schema.attributes).toContainEqual(expect.objectContaining({ name, type: "integer", description: "Office floor" }));

  // the user form shows it with its type's input, and the wrong type is refused next to it
  const userName = uniqueName("floored");
  await page.goto("/users/new");
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel(name).fill("high");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.locator(`#custom-${name}-error`)).toHaveText(`Attribute "${name}" expects integer`);
  await page.getByLabel(name).fill("7");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1, name: userName })).toBeVisible();
  await expect(page.getByLabel(name)).toHaveValue("7");

  await page.goto("/attributes");
  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete attribute ${name}?` });
  await expect(dialog.getByTestId("delete-attribute-usage")).toHaveText("1 user holds a value of it; that value is removed too.");
  await dialog.getByRole("button", { name: "Delete attribute" }).click();
  await expect(row).toHaveCount(0);
});
