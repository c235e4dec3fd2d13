import { expect, openConnectorWizard, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("the connector wizard offers Salesforce with its settings, checks them and keeps its secrets", async ({ page }) => {
  await signInAsAdmin(page);
  const name = uniqueName("Salesforce org");
  const wizard = await openConnectorWizard(page, name, /Salesforce/);

  // Salesforce's defaults; secrets are password inputs; the provisioning domain only when usernames come from it
  await expect(wizard.getByLabel("Login URL")).toHaveValue("https://login.salesforce.com");
  await expect(wizard.getByLabel("API version")).toHaveValue("59.0");
  await expect(wizard.getByLabel("Time zone")).toHaveValue("America/Los_Angeles");
  await expect(wizard.getByLabel("Email encoding")).toHaveValue("UTF-8");
  await expect(wizard.getByLabel("Salesforce username")).toHaveValue("email");
  for (const secret of ["Client secret", "Password", "Security token"]) await expect(wizard.getByLabel(secret, { exact: true })).toHaveAttribute("type", "password");
  await expect(wizard.getByLabel("Provisioning domain")).toHaveCount(0);

  await wizard.getByLabel("Login URL").fill("login.salesforce.com");
  await wizard.getByLabel("Salesforce username").selectOption({ label: "The user name at the provisioning domain" });
  await wizard.getByRole("button", { name: "Next" }).click();
  for (const message of [
    "Login URL must be an http(s) URL",
    "Client ID is required",
    "Client secret is required",
    "Username is required",
    "Password is required",
    "Profile ID is required",
    "Provisioning domain is required",
  ]) {
    await expect(wizard.getByText(message)).toBeVisible();
  }

  await wizard.getByLabel("Login URL").fill("https://test.salesforce.com");
  await wizard.getByLabel("Client ID").fill("3MVG9-console-app");
  await wizard.getByLabel("Client secret").fill("Console-Client-Secret-1");
  await wizard.getByLabel("Username", { exact: true }).fill("integration@acme.example");
  await wizard.getByLabel("Password", { exact: true }).fill("Console-Password-1");
  await wizard.getByLabel("Security token").fill("ConsoleToken1");
  // a User id where a Profile id belongs: the server's check, shown at the field
  await wizard.getByLabel("Profile ID").fill("005000000000001");
  await wizard.getByLabel("Provisioning domain").fill("sf.acme.example");
  await wizard.getByLabel("Freeze users when they are deleted").check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Summary");
  await expect(wizard.getByRole("definition").filter({ hasText: "Set (hidden)" })).toHaveCount(3);
  await expect(wizard.getByText("Console-Password-1")).toHaveCount(0);
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Connector details");
  await expect(wizard.getByText(/must be a Profile id: 15 or 18 characters starting with 00e/)).toBeVisible();

  await wizard.getByLabel("Profile ID").fill("00e5g000001AbCdAAK");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Salesforce connector added" })).toBeVisible();
  const row = page.getByRole("table", { name: "Outbound connectors" }).getByRole("row").filter({ hasText: "Salesforce" });
  await expect(row).toContainText("https://test.salesforce.com");
  await expect(page.getByRole("switch", { name: "Enable Salesforce connector" })).toBeChecked();

  // editing shows the settings, never a secret
  await page.getByRole("button", { name: "Edit Salesforce connector" }).click();
  await expect(page.getByLabel("Provisioning domain")).toHaveValue("sf.acme.example");
  await expect(page.getByLabel("Freeze users when they are deleted")).toBeChecked();
  for (const secret of ["Client secret", "Password", "Security token"]) {
    await expect(page.getByLabel(secret, { exact: true })).toHaveValue("");
    await expect(page.getByLabel(secret, { exact: true })).toHaveAttribute("placeholder", "unchanged");
  }
});
