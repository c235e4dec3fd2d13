import type { Page } from "@playwright/test";
import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

/** A domain name the user store rules accept: letters, digits and _, unique per test. */
const uniqueDomain = (prefix: string) => uniqueName(prefix).toUpperCase().replaceAll("-", "_");

async function createUserStore(page: Page, domain: string) {
  await page.goto("/user-stores");
  await page.getByLabel("Domain name").fill(domain);
  await page.getByLabel("Description").fill(`${domain} test store`);
  await page.getByRole("button", { name: "Create user store" }).click();
  await expect(page.getByRole("status").filter({ hasText: `User store ${domain} created` })).toBeVisible();
  await expect(page.getByRole("table", { name: "User stores" }).getByRole("row").filter({ hasText: domain })).toBeVisible();
}

test("creates an m2m application whose one-time credentials get a token that reads SCIM Users", async ({ page, context, baseURL }) => {
  const name = uniqueName("sync-service");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Applications", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Applications" })).toBeVisible();
  await page.getByRole("link", { name: "New application" }).click();
  await expect(page).toHaveURL(/\/applications\/new$/);

  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("Provisions users from the HR system");
  await expect(page.getByLabel("Type")).toHaveValue("m2m");
  await expect(page.getByLabel("Client credentials")).toBeChecked();
  await expect(page.getByRole("group", { name: "OIDC scopes" }).getByLabel("openid")).toBeVisible();
  const permissions = page.getByRole("group", { name: "Permissions" });
  await permissions.getByLabel("internal_user_mgt_create").check();
  await permissions.getByLabel("internal_user_mgt_list").check();
  await page.getByRole("button", { name: "Create application" }).click();

  await expect(page.getByRole("status").filter({ hasText: `Application ${name} created` })).toBeVisible();
  await expect(page.getByText("You will not see this secret again")).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
  const clientSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
  expect(clientId).not.toBe("");
  expect(clientSecret.length).toBeGreaterThanOrEqual(32);

  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.getByRole("button", { name: "Copy client secret" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Client secret copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientSecret);

  // The credentials work as the OAuth client they were issued for.
  const tokenResponse = await fetch(`${baseURL}/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "internal_user_mgt_create internal_user_mgt_list" }).toString(),
  });
  const tokenText = await tokenResponse.text();
  expect(tokenResponse.status, tokenText).toBe(200);
  const token = JSON.parse(tokenText) as { access_token: string; token_type: string };
  expect(token.token_type.toLowerCase()).toBe("bearer");
  const users = await fetch(`${baseURL}/scim2/Users`, { headers: { authorization: `Bearer ${token.access_token}`, accept: "application/scim+json" } });
  expect(users.status, await users.clone().text()).toBe(200);
  expect((await users.json()).schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:ListResponse"]);

  // The secret is gone once the page is left; the list shows the client id only.
  await page.getByRole("link", { name: "Back to applications" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Machine-to-machine");
  await expect(row).toContainText(clientId);
  await expect(page.getByText(clientSecret)).toHaveCount(0);
});

test("edits an application, regenerates its secret, sets its provisioning and deletes it", async ({ page }) => {
  const name = uniqueName("portal");
  await page.goto("/applications/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Type").selectOption("web");
  // The web kind proposes its grants; without a redirect URI the service refuses it and says where.
  await expect(page.getByLabel("Authorization code")).toBeChecked();
  await expect(page.getByLabel("Client credentials")).not.toBeChecked();
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.locator("#redirectUris-error")).toHaveText("An application using the authorization code grant needs a redirect URI");
  await page.getByLabel("Redirect URIs", { exact: true }).fill("https://portal.example.com/callback\nnot a url");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.locator("#redirectUris-error")).toHaveText(/^Line 2: /);
  await expect(page).toHaveURL(/\/applications\/new$/);
  await page.getByLabel("Redirect URIs", { exact: true }).fill("https://portal.example.com/callback");
  await page.getByRole("button", { name: "Create application" }).click();
  const firstSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
  const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page).toHaveURL(/\/applications\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const applicationUrl = page.url();
  await expect(page.getByRole("tab", { name: "General" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("application-client-id")).toHaveText(clientId);
  await expect(page.getByText(firstSecret)).toHaveCount(0);

  // General: edit and save
  await expect(page.getByLabel("Redirect URIs", { exact: true })).toHaveValue("https://portal.example.com/callback");
  await page.getByLabel("Description").fill("Customer portal");
  await page.getByRole("group", { name: "OIDC scopes" }).getByLabel("openid").check();
  await page.getByRole("group", { name: "OIDC scopes" }).getByLabel("email").check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Description")).toHaveValue("Customer portal");
  await expect(page.getByRole("group", { name: "OIDC scopes" }).getByLabel("email")).toBeChecked();
  await expect(page.getByRole("group", { name: "OIDC scopes" }).getByLabel("profile")).not.toBeChecked();

  // Regenerate: confirmed first, then the new secret once
  await page.getByRole("button", { name: "Regenerate secret" }).click();
  await page.getByRole("button", { name: "Confirm regenerate" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Client secret regenerated" })).toBeVisible();
  await expect(page.getByText("You will not see this secret again")).toBeVisible();
  await expect(page.getByTestId("client-id")).toHaveText(clientId);
  const secondSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
  expect(secondSecret.length).toBeGreaterThanOrEqual(32);
  expect(secondSecret).not.toBe(firstSecret);
  await page.reload();
  await expect(page.getByTestId("client-secret")).toHaveCount(0);
  await expect(page.getByText(secondSecret)).toHaveCount(0);

  // Provisioning: a secondary store and proxy mode, kept across a reload
  const domain = uniqueDomain("APP");
  await createUserStore(page, domain);
  await page.goto(applicationUrl);
  await page.getByRole("tab", { name: "Provisioning" }).click();
  await expect(page.getByLabel("Provisioning user store")).toHaveValue("PRIMARY");
  await expect(page.getByText("Do not persist users locally; only provision them to outbound connections")).toBeVisible();
  await page.getByLabel("Provisioning user store").selectOption(domain);
  await page.getByLabel("Proxy mode").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Provisioning settings saved" })).toBeVisible();
  await page.reload();
  await page.getByRole("tab", { name: "Provisioning" }).click();
  await expect(page.getByLabel("Provisioning user store")).toHaveValue(domain);
  await expect(page.getByLabel("Proxy mode")).toBeChecked();

  // Delete, confirmed first
  await page.getByRole("tab", { name: "General" }).click();
  await page.getByRole("button", { name: "Delete application" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/applications$/);
  await expect(page.getByRole("status").filter({ hasText: `Application ${name} deleted` })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
});

test("sets the resident inbound user store to a secondary domain and back to PRIMARY", async ({ page }) => {
  const domain = uniqueDomain("SCIMIN");
  await createUserStore(page, domain);

  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Provisioning Settings" }).click();
  await expect(page).toHaveURL(/\/provisioning-settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Provisioning Settings" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Inbound provisioning" })).toBeVisible();
  await expect(page.getByText("Do not persist users locally; only provision them to outbound connections")).toBeVisible();
  await expect(page.getByLabel("Proxy mode")).not.toBeChecked();

  await page.getByLabel("Provisioning user store").selectOption(domain);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Provisioning settings saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Provisioning user store")).toHaveValue(domain);

  await page.getByLabel("Provisioning user store").selectOption("PRIMARY");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Provisioning settings saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Provisioning user store")).toHaveValue("PRIMARY");
  await expect(page.getByLabel("Proxy mode")).not.toBeChecked();
});

test("creates a secondary user store, refuses bad or taken names, and deletes it only when empty", async ({ page }) => {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "User stores" }).click();
  await expect(page).toHaveURL(/\/user-stores$/);
  const table = page.getByRole("table", { name: "User stores" });
  await expect(table.getByRole("row").filter({ hasText: "PRIMARY" })).toContainText("Primary");
  await expect(table.getByRole("button", { name: "Delete PRIMARY" })).toHaveCount(0);

  await page.getByRole("button", { name: "Create user store" }).click();
  await expect(page.locator("#domain-error")).toHaveText("Domain name is required");
  await page.getByLabel("Domain name").fill("1st-store");
  await page.getByRole("button", { name: "Create user store" }).click();
  await expect(page.locator("#domain-error")).toHaveText("Letters, digits, _ and - only, starting with a letter");

  const domain = uniqueDomain("EXT");
  await page.getByLabel("Domain name").fill(domain.toLowerCase());
  await page.getByRole("button", { name: "Create user store" }).click();
  await expect(page.getByRole("status").filter({ hasText: `User store ${domain} created` })).toBeVisible();
  await expect(page.getByLabel("Domain name")).toHaveValue("");
  const row = table.getByRole("row").filter({ hasText: domain });
  await expect(row).toContainText("Secondary");

  await page.getByLabel("Domain name").fill(domain);
  await page.getByRole("button", { name: "Create user store" }).click();
  await expect(page.locator("#domain-error")).toHaveText(`User store "${domain}" already exists`);

  // A store holding a user cannot go: the error says why, and the store stays.
  const userName = uniqueName("resident");
  await page.goto("/users/new");
  await page.getByLabel("User store").selectOption(domain);
  await page.getByLabel("User name").fill(userName);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${domain}/${userName}` })).toBeVisible();
  const userUrl = page.url();

  await page.goto("/user-stores");
  await row.getByRole("button", { name: `Delete ${domain}` }).click();
  await row.getByRole("button", { name: `Confirm delete ${domain}` }).click();
  await expect(row.getByRole("alert")).toHaveText(`User store "${domain}" still holds 1 users and 0 groups`);
  await page.reload();
  await expect(row).toBeVisible();

  await page.goto(userUrl);
  await page.getByRole("button", { name: "Delete user" }).click();
  await page.getByRole("button", { name: "Confirm delete" }).click();
  await expect(page).toHaveURL(/\/users$/);

  await page.goto("/user-stores");
  await row.getByRole("button", { name: `Delete ${domain}` }).click();
  await row.getByRole("button", { name: `Confirm delete ${domain}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `User store ${domain} deleted` })).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(table.getByRole("row").filter({ hasText: domain })).toHaveCount(0);
});

/** The `alg` of a client_credentials access token issued to the application now. */
async function accessTokenAlg(baseURL: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${baseURL}/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: "internal_user_mgt_list" }).toString(),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const header = (JSON.parse(text) as { access_token: string }).access_token.split(".")[0]!;
  return (JSON.parse(Buffer.from(header, "base64url").toString()) as { alg: string }).alg;
}

test("signs an application's access tokens with the algorithm chosen for it", async ({ page, baseURL }) => {
  const name = uniqueName("legacy-verifier");
  await page.goto("/applications/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  // ES256 by default; an application whose verifier only knows RSA asks for RS256
  await expect(page.getByLabel("Access token signing algorithm")).toHaveValue("ES256");
  await expect(page.getByLabel("ID token signing algorithm")).toHaveValue("RS256");
  await page.getByLabel("Access token signing algorithm").selectOption("RS256");
  await page.getByRole("group", { name: "Permissions" }).getByLabel("internal_user_mgt_list").check();
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Application ${name} created` })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
  const clientSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
  expect(await accessTokenAlg(baseURL!, clientId, clientSecret)).toBe("RS256");

  await page.getByRole("link", { name: "Go to the application" }).click();
  await expect(page.getByLabel("Access token signing algorithm")).toHaveValue("RS256");
  await page.getByLabel("Access token signing algorithm").selectOption("ES256");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Changes saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Access token signing algorithm")).toHaveValue("ES256");
  expect(await accessTokenAlg(baseURL!, clientId, clientSecret)).toBe("ES256");
});
