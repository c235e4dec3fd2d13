import { createUser, expect, secondProvisio, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// The target of the provisioning: a second, real Provisio, so what arrives is checked through its own SCIM API.
const b = secondProvisio();

interface ScimUser {
  id: string;
  userName: string;
  name?: { givenName?: string; familyName?: string };
  emails?: Array<{ value: string; primary?: boolean }>;
}

const findOnB = (userName: string) => b.findUsers<ScimUser>(userName);

test("a user created in A's console is provisioned over SCIM 2.0 to B, and A shows the delivery", async ({ page }) => {
  // the delivery is asynchronous, and B is a second server on the same machine
  test.slow();
  await signInAsAdmin(page);
  const nav = page.getByRole("navigation", { name: "Console" });
  const name = uniqueName("Provisio B");

  await nav.getByRole("link", { name: "Connections", exact: true }).click();
  await page.getByRole("link", { name: "New connection" }).click();
  await expect(page).toHaveURL(/\/connections\/new$/);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("Second Provisio instance");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connection ${name} created` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await page.getByRole("button", { name: "Add connector" }).click();
  const wizard = page.getByRole("dialog", { name: "Add outbound provisioning connector" });
  await wizard.getByRole("radio", { name: /SCIM 2\.0/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Connector details");
  await wizard.getByLabel("User endpoint").fill(`${b.baseUrl}/scim2/Users`);
  await wizard.getByLabel("Group endpoint").fill(`${b.baseUrl}/scim2/Groups`);
  await expect(wizard.getByLabel("Authentication")).toHaveValue("basic");
  await wizard.getByLabel("Username").fill("admin");
  await wizard.getByLabel("Password", { exact: true }).fill("admin");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Summary");
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector added" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outbound connectors" }).getByRole("row").filter({ hasText: "SCIM 2.0" })).toContainText(`${b.baseUrl}/scim2/Users`);

  await nav.getByRole("link", { name: "Provisioning Settings" }).click();
  await expect(page.getByRole("heading", { name: "Outbound Provisioning Configuration" })).toBeVisible();
  await page.getByRole("button", { name: "New provisioner" }).click();
  const form = page.getByRole("form", { name: "New provisioner" });
  await form.getByLabel("Connection").selectOption({ label: name });
  await expect(form.getByLabel("Connector")).toHaveText("SCIM 2.0");
  await expect(form.getByLabel("Blocking")).not.toBeChecked();
  await form.getByRole("button", { name: "Add provisioner" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Provisioning to ${name} added` })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outbound provisioners" }).getByRole("row").filter({ hasText: name })).toContainText("No");

  const userName = uniqueName("b.user");
  const email = `${userName}@example.com`;
  const userId = await createUser(page, { userName, givenName: "Bea", familyName: "Remote", email });

  // non-blocking: the user reaches B shortly after the console has answered
  await expect
    .poll(async () => (await findOnB(userName)).map((u) => ({ userName: u.userName, emails: (u.emails ?? []).map((e) => e.value), name: u.name })), { timeout: 20_000 })
    .toEqual([{ userName, emails: [email], name: expect.objectContaining({ givenName: "Bea", familyName: "Remote" }) }]);
  const [remote] = await findOnB(userName);

  // A's user page: the connection, B's id for the user, and a successful create
  const row = page.getByRole("table", { name: "Provisioning status" }).getByRole("row").filter({ hasText: name });
  await expect(async () => {
    await page.reload();
    await expect(row).toContainText(remote.id, { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row).toContainText("success");
  await expect(row).toContainText("create");
  await expect(row).toContainText("Up to date");

  await nav.getByRole("link", { name: "Provisioning activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Provisioning activity" })).toBeVisible();
  await page.getByLabel("Object").fill(userName);
  await page.getByLabel("Connection", { exact: true }).selectOption({ label: name });
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Success" });
  const attempt = page.getByRole("table", { name: "Provisioning attempts" }).getByRole("row").filter({ hasText: userName });
  await expect(attempt).toHaveCount(1);
  await expect(attempt).toContainText(name);
  await expect(attempt).toContainText("SCIM 2.0");
  await expect(attempt).toContainText("create");
  await expect(attempt).toContainText("success");
  // the HTTP column: B answered the create with 201 Created
  await expect(attempt.getByRole("cell").nth(6)).toHaveText("201");
  await expect(attempt.getByRole("link", { name: userName })).toHaveAttribute("href", `/users/${userId}`);

  // B goes away after this file; without the connection, later changes in A are not queued for it
  await attempt.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("button", { name: "Delete connection" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connection ${name} deleted` })).toBeVisible();
});
