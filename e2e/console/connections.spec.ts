import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createUser, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

/**
 * A target that answers every request with a 500 about the object sent. Such an answer fails that change alone,
 * so every change gets its own attempt; a target that did not answer at all would be paused as a whole, and the
 * groups other tests create meanwhile (sent to every provisioner) would then hold this test's change back untried.
 */
let target: Server;
let TARGET = "";

test.beforeAll(async () => {
  target = createServer((req, res) => {
    req.resume();
    res.writeHead(500, { "content-type": "application/scim+json" });
    res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "500", detail: "partner store offline" }));
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  TARGET = `http://127.0.0.1:${(target.address() as AddressInfo).port}/scim2`;
});

test.afterAll(async () => {
  await new Promise((resolve) => target.close(resolve));
});

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test("creates a connection with a SCIM 2.0 connector, provisions a console user to it and shows the attempt", async ({ page }) => {
  const name = uniqueName("Partner IS");
  const nav = page.getByRole("navigation", { name: "Console" });

  // a connection
  await nav.getByRole("link", { name: "Connections", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connections" })).toBeVisible();
  await page.getByRole("link", { name: "New connection" }).click();
  await expect(page).toHaveURL(/\/connections\/new$/);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("The partner's identity server");
  await page.getByLabel("Home realm identifier").fill("partner");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Connection ${name} created` })).toBeVisible();
  await expect(page).toHaveURL(/\/connections\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("tab", { name: "General" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByLabel("Home realm identifier")).toHaveValue("partner");

  // a SCIM 2.0 connector through the wizard: type, details, summary, finish
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await expect(page.getByText("No outbound connectors yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add connector" }).click();
  const wizard = page.getByRole("dialog", { name: "Add outbound provisioning connector" });
  await wizard.getByRole("radio", { name: /SCIM 2\.0/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Connector details");
  await wizard.getByLabel("User endpoint").fill(`${TARGET}/Users`);
  await wizard.getByLabel("Group endpoint").fill(`${TARGET}/Groups`);
  await expect(wizard.getByLabel("Authentication")).toHaveValue("basic");
  await wizard.getByLabel("Username").fill("provisioner");
  // basic authentication needs a password
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("Password is required")).toBeVisible();
  await wizard.getByLabel("Password", { exact: true }).fill("Partner-Secret-1");
  await wizard.getByLabel("User store domain", { exact: true }).fill("PARTNER");
  await wizard.getByLabel("Enable password provisioning").check();
  await wizard.getByLabel("Default password").fill("Default-Secret-1");
  await wizard.getByRole("button", { name: "Next" }).click();
  const summary = wizard.getByRole("definition");
  await expect(wizard.locator("[aria-current=step]")).toContainText("Summary");
  await expect(summary.filter({ hasText: `${TARGET}/Users` })).toBeVisible();
  await expect(summary.filter({ hasText: "Set (hidden)" })).toHaveCount(2);
  await expect(wizard.getByText("Partner-Secret-1")).toHaveCount(0);
  await wizard.getByRole("button", { name: "Finish" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector added" })).toBeVisible();
  const connectors = page.getByRole("table", { name: "Outbound connectors" });
  await expect(connectors.getByRole("row").filter({ hasText: "SCIM 2.0" })).toContainText(`${TARGET}/Users`);
  await expect(page.getByRole("switch", { name: "Enable SCIM 2.0 connector" })).toBeChecked();

  // editing shows no secret: the inputs are empty and say the stored value stays
  await page.getByRole("button", { name: "Edit SCIM 2.0 connector" }).click();
  await expect(page.getByLabel("User endpoint")).toHaveValue(`${TARGET}/Users`);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(page.getByLabel("Password", { exact: true })).toHaveAttribute("placeholder", "unchanged");
  await expect(page.getByLabel("Enable password provisioning")).toBeChecked();
  await page.getByLabel("Username").fill("provisioner2");
  await page.getByRole("button", { name: "Save connector" }).click();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector saved" })).toBeVisible();

  // the toggle
  await page.getByRole("switch", { name: "Enable SCIM 2.0 connector" }).uncheck();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector disabled" })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Enable SCIM 2.0 connector" })).not.toBeChecked();
  await page.getByRole("switch", { name: "Enable SCIM 2.0 connector" }).check();
  await expect(page.getByRole("status").filter({ hasText: "SCIM 2.0 connector enabled" })).toBeVisible();

  // a preview lists the sync's changes without queueing
  await page.getByRole("button", { name: "Sync SCIM 2.0 connector now" }).click();
  await page.getByRole("button", { name: "Preview changes" }).click();
  await expect(page.getByTestId("plan-count-create")).not.toContainText("…");
  expect(Number((await page.getByTestId("plan-count-create").textContent())!.replace(/\D/g, ""))).toBeGreaterThan(0);
  await expect(page.getByTestId("plan-count-delete")).toHaveText("Delete 0");

  // the resident service provider provisions console changes to it
  await nav.getByRole("link", { name: "Provisioning Settings" }).click();
  await expect(page.getByRole("heading", { name: "Outbound Provisioning Configuration" })).toBeVisible();
  await page.getByRole("button", { name: "New provisioner" }).click();
  const form = page.getByRole("form", { name: "New provisioner" });
  await form.getByLabel("Connection").selectOption({ label: name });
  await expect(form.getByLabel("Connector")).toHaveText("SCIM 2.0");
  await expect(form.getByLabel("Enable JIT")).toBeChecked();
  await form.getByLabel("Enable rules").check();
  await form.getByRole("button", { name: "Add provisioner" }).click();
  await expect(form.getByText("Enter the rule users must match")).toBeVisible();
  // only this test's users reach the failing target
  await form.getByLabel("Rule", { exact: true }).fill('userName sw "partner.user-"');
  await form.getByRole("button", { name: "Add provisioner" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Provisioning to ${name} added` })).toBeVisible();
  const provisioners = page.getByRole("table", { name: "Outbound provisioners" });
  await expect(provisioners.getByRole("row").filter({ hasText: name })).toContainText("SCIM 2.0");

  // a user created in the console is sent there; the target fails it, so the attempt is retried
  const userName = uniqueName("partner.user");
  const userId = await createUser(page, { userName, givenName: "Pat", familyName: "Partner", email: `${userName}@example.com` });
  const status = page.getByRole("table", { name: "Provisioning status" });
  await expect(status.getByRole("row").filter({ hasText: name })).toContainText("retrying");
  await expect(status.getByRole("row").filter({ hasText: name })).toContainText("Not provisioned");

  await nav.getByRole("link", { name: "Provisioning activity" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Provisioning activity" })).toBeVisible();
  await page.getByLabel("Object").fill(userName);
  await page.getByLabel("Connection", { exact: true }).selectOption({ label: name });
  const attempts = page.getByRole("table", { name: "Provisioning attempts" });
  const row = attempts.getByRole("row").filter({ hasText: userName }).first();
  await expect(row).toContainText(name);
  await expect(row).toContainText("SCIM 2.0");
  await expect(row).toContainText("create");
  await expect(row).toContainText("retrying");
  await expect(row).toContainText("500");
  await expect(row.getByRole("link", { name: userName })).toHaveAttribute("href", `/users/${userId}`);
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Success" });
  await expect(attempts.getByText("No provisioning attempts match these filters.")).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Failed (retrying or dead)" });
  await attempts
    .getByRole("row")
    .filter({ hasText: userName })
    .first()
    .getByRole("button", { name: `Retry ${userName} now` })
    .click();
  await expect(page.getByRole("status").filter({ hasText: /1 event queued again|Nothing to retry/ })).toBeVisible();
  await expect(page.getByTestId("queue-pending")).not.toHaveText("–");

  // deleting the connection takes its connector and the provisioner with it
  await page.goto("/connections");
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("button", { name: "Delete connection" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole("status").filter({ hasText: `Connection ${name} deleted` })).toBeVisible();
  await page.goto("/provisioning-settings");
  await expect(page.getByRole("table", { name: "Outbound provisioners" }).getByRole("row").filter({ hasText: name })).toHaveCount(0);
});
