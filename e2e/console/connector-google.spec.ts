import { generateKeyPairSync } from "node:crypto";
import { expect, openConnectorWizard, signInAsAdmin, test, uniqueName } from "./helpers.ts";

/** A service account key file as Google's console downloads it, with a throwaway key. */
function keyFile(): string {
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return JSON.stringify(
    {
      type: "service_account",
      project_id: "provisio-test",
      private_key_id: "0123abcd",
      private_key: privateKey,
      client_email: "provisio@provisio-test.iam.gserviceaccount.com",
      client_id: "1234567890",
    },
    null,
    2,
  );
}

test("offers the Google Workspace connector with its settings, checked before and when saving", async ({ page }) => {
  await signInAsAdmin(page);
  const name = uniqueName("Workspace");
  const wizard = await openConnectorWizard(page, name, /Google Workspace/);

  // the required settings, and the defaults of the others
  await expect(wizard.getByLabel("Primary email")).toHaveValue("userName");
  await expect(wizard.getByLabel("Given name")).toHaveValue("name.givenName");
  await expect(wizard.getByLabel("Family name")).toHaveValue("name.familyName");
  await wizard.getByRole("button", { name: "Next" }).click();
  for (const label of ["Service account key (JSON)", "Administrator's email", "Google domain"]) await expect(wizard.getByText(`${label} is required`)).toBeVisible();

  // what only the server can judge comes back under its field
  await wizard.getByLabel("Service account key (JSON)").fill("MIIKZgIBAzCCCi");
  await wizard.getByLabel("Administrator's email").fill("admin@example.com");
  await wizard.getByLabel("Google domain").fill("example.com");
  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Connector details");
  await expect(wizard.getByText(/this is not JSON; P12 keys are not supported/)).toBeVisible();

  const key = keyFile();
  await wizard.getByLabel("Service account key (JSON)").fill(key);
  await wizard.getByLabel("Primary email").selectOption({ label: "The user's email address" });
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("definition").filter({ hasText: "Set (hidden)" })).toHaveCount(1);
  await expect(wizard.getByText("PRIVATE KEY")).toHaveCount(0);
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Google Workspace connector added" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Enable Google Workspace connector" })).toBeChecked();

  // the key is never shown again; saving without it keeps it
  await page.getByRole("button", { name: "Edit Google Workspace connector" }).click();
  await expect(page.getByLabel("Service account key (JSON)")).toHaveValue("");
  await expect(page.getByLabel("Service account key (JSON)")).toHaveAttribute("placeholder", "unchanged");
  await expect(page.getByLabel("Primary email")).toHaveValue("email");
  await page.getByLabel("Google domain").fill("example.org");
  await page.getByRole("button", { name: "Save connector" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Google Workspace connector saved" })).toBeVisible();
});
