import { expect, openConnectorWizard, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// nothing listens here: the connector is only configured, never used by this test (it has no provisioner)
const ENDPOINT = "http://127.0.0.1:9/spml/rpcrouter2";

test("the connector wizard offers SPML 2.0 with its fields, defaults and validation", async ({ page }) => {
  await signInAsAdmin(page);
  const name = uniqueName("HR SPML");
  const wizard = await openConnectorWizard(page, name, /SPML 2\.0/);

  // WSO2's fields and defaults
  await expect(wizard.getByLabel("SPML ObjectClass")).toHaveValue("inetOrgPerson");
  await expect(wizard.getByLabel("Attribute mapping")).toHaveValue(
    "uid = userName\ncn = commonName\nsn = familyName\ngivenName = givenName\nmail = email\ntitle = title\ntelephoneNumber = phoneNumber",
  );
  await expect(wizard.getByLabel("Find existing users")).toBeChecked();
  await expect(wizard.getByText(/User attributes: userName, externalId, displayName, commonName, .*, active\./)).toBeVisible();

  // required fields, and a mapping line the form cannot read
  await wizard.getByLabel("Attribute mapping").fill("uid = userName\nmail");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("SPML Endpoint is required")).toBeVisible();
  await expect(wizard.getByText("Target ID is required")).toBeVisible();
  await expect(wizard.getByText('Line 2: write "attribute = source", as in "cn = commonName"')).toBeVisible();

  await wizard.getByLabel("SPML Endpoint").fill("not a url");
  await wizard.getByLabel("Attribute mapping").fill("uid = userName\ncn = nickName");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByText("SPML Endpoint must be an http(s) URL")).toBeVisible();
  await expect(wizard.getByText(/Unknown user attribute "nickName"; one of: userName, externalId/)).toBeVisible();

  await wizard.getByLabel("SPML Endpoint").fill(ENDPOINT);
  await wizard.getByLabel("Target ID").fill("hr-ldap");
  await wizard.getByLabel("Attribute mapping").fill("uid = userName\ncn = commonName\nsn = familyName\nemployeeNumber = employeeNumber");
  await wizard.getByLabel("Username").fill("provisio-svc");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.locator("[aria-current=step]")).toContainText("Summary");
  await wizard.getByRole("button", { name: "Finish" }).click();
  // the server's rules reach the form: Basic credentials need the password
  await expect(wizard.getByText("required with a username")).toBeVisible();
  await wizard.getByLabel("Password", { exact: true }).fill("Spml-Secret-9");
  await wizard.getByRole("button", { name: "Next" }).click();
  await expect(wizard.getByRole("definition").filter({ hasText: "Set (hidden)" })).toHaveCount(1);
  await expect(wizard.getByRole("definition").filter({ hasText: "uid = userName, cn = commonName, sn = familyName, employeeNumber = employeeNumber" })).toBeVisible();
  await wizard.getByRole("button", { name: "Finish" }).click();

  await expect(page.getByRole("status").filter({ hasText: "SPML 2.0 connector added" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Outbound connectors" }).getByRole("row").filter({ hasText: "SPML 2.0" })).toContainText(ENDPOINT);
  await page.getByRole("button", { name: "Edit SPML 2.0 connector" }).click();
  await expect(page.getByLabel("Attribute mapping")).toHaveValue("uid = userName\ncn = commonName\nsn = familyName\nemployeeNumber = employeeNumber");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
});
