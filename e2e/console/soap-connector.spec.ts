import { expect, openConnectorWizard, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// nothing listens here: the connector is only configured, never used by this test (it has no provisioner)
const SERVICE_URL = "http://127.0.0.1:9/services/RemoteUserStoreManagerService";

test("the connector wizard offers the SOAP connector with its fields and validation", async ({ page }) => {
  await signInAsAdmin(page);
  const name = uniqueName("Partner IS SOAP");
  const wizard = await openConnectorWizard(page, name, /SOAP \(WSO2 user admin service\)/);

  // HTTP Basic always: no authentication choice, and every field required is said so
  await expect(wizard.getByLabel("Authentication")).toHaveCount(0);
  await expect(wizard.getByLabel("Enable password provisioning")).not.toBeChecked();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("Service URL is required")).toBeVisible();
  await expect(wizard.getByText("Username is required")).toBeVisible();
  await expect(wizard.getByText("Password is required")).toBeVisible();

  await wizard.getByLabel("Service URL").fill("is.example.com/services/RemoteUserStoreManagerService");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("Service URL must be an http(s) URL")).toBeVisible();

  await wizard.getByLabel("Service URL").fill(SERVICE_URL);
  await wizard.getByLabel("Username").fill("provisio-svc");
  await wizard.getByLabel("Password", { exact: true }).fill("Soap-Secret-9");
  await wizard.getByLabel("User store domain", { exact: true }).fill("PARTNER");
  await wizard.getByLabel("Default password").fill("Default-Secret-9");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Summary");
  await expect(wizard.getByRole("definition").filter({ hasText: "Set (hidden)" })).toHaveCount(2);
  await expect(wizard.getByText("Soap-Secret-9")).toHaveCount(0);
  await wizard.getByRole("button", { name: "Finish" }).click();

  await expect(page.getByRole("status").filter({ hasText: "SOAP (WSO2 user admin service) connector added" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outbound connectors" }).getByRole("row").filter({ hasText: "SOAP" })).toContainText(SERVICE_URL);
  await page.getByRole("button", { name: "Edit SOAP (WSO2 user admin service) connector" }).click();
  await expect(page.getByLabel("Service URL")).toHaveValue(SERVICE_URL);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("placeholder", "unchanged");
});
