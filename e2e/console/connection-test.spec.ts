import { startLimitedTarget, type LimitedTarget } from "../../test/support/limited-scim-target.ts";
import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

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
  await page.goto("/connections/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await page.getByRole("button", { name: "Add connector" }).click();
  const wizard = page.getByRole("dialog", { name: "Add outbound provisioning connector" });
  await wizard.getByRole("radio", { name: /SCIM 2\.0/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
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
