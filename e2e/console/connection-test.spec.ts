import { startLimitedTarget, type LimitedTarget } from "../../test/support/limited-scim-target.ts";
import { expect, openConnectorWizard, signInAsAdmin, test, uniqueName } from "./helpers.ts";

let target: LimitedTarget;

test.beforeAll(async () => {
  target = await startLimitedTarget({ noPatch: 405, credentials: { username: "provisioner", password: "Target-Pa55" } });
});
test.afterAll(async () => {
  await target.close();
});

test("Test connection shows what the target supports, in the wizard and on the connector's row", async ({ page }) => {
  await signInAsAdmin(page);
  const name = uniqueName("Limited target");
  const wizard = await openConnectorWizard(page, name, /SCIM 2\.0/);
  await wizard.getByLabel("User endpoint").fill(target.userEndpoint);
  await wizard.getByLabel("Group endpoint").fill(target.groupEndpoint);
  await wizard.getByLabel("Username").fill("provisioner");

  // a wrong password is a sentence, not a table
  await wizard.getByLabel("Password", { exact: true }).fill("wrong");
  await wizard.getByRole("button", { name: "Test connection" }).click();
  await expect(wizard.getByRole("alert")).toContainText("refused the credentials (HTTP 401)");

  await wizard.getByLabel("Password", { exact: true }).fill("Target-Pa55");
  await wizard.getByRole("button", { name: "Test connection" }).click();
  const report = wizard.getByRole("table", { name: "SCIM 2.0 connection test" });
  await expect(report.getByRole("row").filter({ hasText: "PATCH with a path" })).toContainText("Not supported");
  await expect(report.getByRole("row").filter({ hasText: "Create a user" })).toContainText("Supported");
  await expect(wizard.getByRole("status")).toContainText("Updates will be read, merged and sent whole with PUT.");

  await wizard.getByRole("button", { name: "Next" }).click();
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector added" })).toBeVisible();

  // the saved settings' test is kept and shown on the tab
  await page.getByRole("button", { name: "Test SCIM 2.0 connection" }).click();
  const kept = page.getByRole("table", { name: "SCIM 2.0 capabilities" });
  await expect(kept.getByRole("row").filter({ hasText: "PATCH with a path" })).toContainText("PATCH /Users/{id} (path) answered 405");
  await page.reload();
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await expect(page.getByRole("table", { name: "SCIM 2.0 capabilities" }).getByRole("row").filter({ hasText: "Filter users (userName eq)" })).toBeVisible();
});
