import type { Page } from "@playwright/test";
import { createDb } from "../../test/support/prisma-client.ts";
import { adminApi, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

/**
 * Federated sign-in in the console: a connection's Settings, Attributes and Just-in-Time Provisioning tabs, an
 * application's login flow, and where users came from. Connections, applications and users to look at are made
 * through the admin API with the administrator's credentials, as a script would.
 */

const OIDC = "T3BlbklEQ29ubmVjdEF1dGhlbnRpY2F0b3I";
const ENTERPRISE_DEPARTMENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A connection offering OpenID Connect sign-in, configured as a script would. */
async function federatedConnection(baseURL: string | undefined, name: string): Promise<Json> {
  const connection = await adminApi(baseURL, "POST", "/identity-providers", { name });
  await adminApi(baseURL, "PUT", `/identity-providers/${connection.id}/federated-authenticators/${OIDC}`, {
    isEnabled: true,
    properties: [
      { key: "ClientId", value: "provisio" },
      { key: "ClientSecret", value: "Script-Secret-1" },
      { key: "DiscoveryUrl", value: "https://idp.example.com/.well-known/openid-configuration" },
    ],
  });
  return connection;
}

async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute("aria-selected", "true");
}

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test("configures a connection's OpenID Connect settings, attributes and JIT provisioning, which read back after a reload without the secret", async ({ page, context, baseURL }) => {
  const name = uniqueName("Corporate IdP");
  const secret = `Client-Secret-${Date.now()}`;
  const connection = await adminApi(baseURL, "POST", "/identity-providers", { name });
  const store = uniqueName("JIT").toUpperCase().replaceAll("-", "_");
  await adminApi(baseURL, "POST", "/userstores", { domain: store, description: "Users from the corporate IdP" });

  await page.goto(`/connections/${connection.id}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("tablist", { name: "Connection settings" }).getByRole("tab")).toHaveText([
    "General",
    "Settings",
    "Attributes",
    "Outbound Provisioning",
    "Just-in-Time Provisioning",
    "Provisioning roles",
  ]);

  // Settings: the callback URL to register, copied; an enabled authenticator needs its client and endpoints
  await openTab(page, "Settings");
  await expect(page.getByTestId("callback-url")).toHaveText(`${baseURL}/commonauth`);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.getByRole("button", { name: "Copy callback url" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Callback URL copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}/commonauth`);
  await expect(page.getByRole("switch", { name: "Enable sign-in through this connection" })).toBeChecked();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Client ID is required")).toBeVisible();
  await expect(page.getByText("Issuer is required without a discovery URL")).toBeVisible();
  await page.getByLabel("Client ID").fill("provisio-console");
  await page.getByLabel("Client secret").fill(secret);
  await page.getByLabel("Issuer").fill("https://login.example.com");
  await page.getByLabel("Authorization endpoint").fill("https://login.example.com/oauth2/authorize");
  await page.getByLabel("Token endpoint", { exact: true }).fill("https://login.example.com/oauth2/token");
  await page.getByLabel("Userinfo endpoint").fill("https://login.example.com/oauth2/userinfo");
  await page.getByLabel("JWKS URI").fill("ftp://login.example.com/keys");
  await page.getByLabel("Scopes").fill("openid profile email groups");
  await page.getByLabel("Token endpoint authentication").selectOption("client_secret_post");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.locator("#oidc-jwksUri-error")).toHaveText("Enter an http(s) URL");
  await page.getByLabel("JWKS URI").fill("https://login.example.com/oauth2/jwks");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "OpenID Connect settings saved" })).toBeVisible();
  await expect(page.getByText("OpenID Connect sign-in")).toBeVisible();

  // Attributes: the subject, the role claim, a claim mapping (a second one added and removed) and a role mapping
  await openTab(page, "Attributes");
  const claimsForm = page.getByRole("form", { name: "Attribute mappings" });
  await claimsForm.getByLabel("Subject claim", { exact: true }).selectOption("other");
  await claimsForm.getByRole("button", { name: "Save attribute mappings" }).click();
  await expect(claimsForm.getByText("Name the claim that identifies the user")).toBeVisible();
  await claimsForm.getByLabel("Subject claim", { exact: true }).selectOption("email");
  await claimsForm.getByLabel("Role claim").fill("groups");
  await claimsForm.getByRole("button", { name: "Add claim mapping" }).click();
  await claimsForm.getByRole("button", { name: "Add claim mapping" }).click();
  const first = claimsForm.getByRole("group", { name: "Claim mapping 1" });
  await first.getByLabel("Identity provider claim").fill("department");
  await first.getByLabel("Local attribute").selectOption(ENTERPRISE_DEPARTMENT);
  await claimsForm.getByRole("group", { name: "Claim mapping 2" }).getByLabel("Identity provider claim").fill("cost_center");
  await claimsForm.getByRole("button", { name: "Save attribute mappings" }).click();
  await expect(claimsForm.getByRole("group", { name: "Claim mapping 2" }).getByText("Choose a local attribute")).toBeVisible();
  await claimsForm.getByRole("button", { name: "Remove claim mapping 2" }).click();
  // the admin API's field errors land on their row
  await page.route(`**/api/server/v1/identity-providers/${connection.id}/claims`, (route) =>
    route.request().method() === "PUT"
      ? route.fulfill({ status: 400, json: { code: "INVALID_INPUT", message: "Invalid input", description: "d", traceId: "t", fieldErrors: { "mappings.0.idpClaim": "Claim name refused" } } })
      : route.fallback(),
  );
  await claimsForm.getByRole("button", { name: "Save attribute mappings" }).click();
  await expect(first.getByText("Claim name refused")).toBeVisible();
  await page.unroute(`**/api/server/v1/identity-providers/${connection.id}/claims`);
  await claimsForm.getByRole("button", { name: "Save attribute mappings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Attribute mappings saved" })).toBeVisible();

  const rolesForm = page.getByRole("form", { name: "Role mappings" });
  await rolesForm.getByRole("button", { name: "Add role mapping" }).click();
  const role = rolesForm.getByRole("group", { name: "Role mapping 1" });
  await role.getByLabel("Identity provider role").fill("idp-admins");
  await role.getByLabel("Local role").selectOption("admin");
  await rolesForm.getByRole("button", { name: "Save role mappings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Role mappings saved" })).toBeVisible();

  // Just-in-Time Provisioning: off by default, its options once enabled
  await openTab(page, "Just-in-Time Provisioning");
  const jit = page.getByRole("form", { name: "Just-in-Time provisioning" });
  await expect(jit.getByRole("switch", { name: "Enable Just-in-Time provisioning" })).not.toBeChecked();
  await expect(jit.getByLabel("User store")).toHaveCount(0);
  await jit.getByRole("switch", { name: "Enable Just-in-Time provisioning" }).check();
  await expect(jit.getByRole("radio", { name: "Provision silently" })).toBeChecked();
  for (const scheme of ["Prompt for username, password and consent", "Prompt for password and consent", "Prompt for consent"]) await expect(jit.getByRole("radio", { name: scheme })).toBeVisible();
  await jit.getByLabel("User store").selectOption(store);
  await jit.getByRole("radio", { name: "Prompt for consent" }).check();
  await jit.getByLabel("Associate existing local user").check();
  await jit.getByRole("radio", { name: /^Preserve local/ }).check();
  await jit.getByRole("checkbox", { name: "emails.value" }).check();
  await jit.getByRole("radio", { name: /^Continue the sign-in/ }).check();
  await jit.getByRole("button", { name: "Save JIT provisioning" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Just-in-Time provisioning saved" })).toBeVisible();

  // after a reload every tab reads back what was saved; the secret is never sent back
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await openTab(page, "Settings");
  await expect(page.getByLabel("Client ID")).toHaveValue("provisio-console");
  await expect(page.getByLabel("Client secret")).toHaveValue("");
  await expect(page.getByLabel("Client secret")).toHaveAttribute("placeholder", "stored");
  await expect(page.getByText("A secret is stored: leave empty to keep it, or type a new one.")).toBeVisible();
  await expect(page.getByLabel("Issuer")).toHaveValue("https://login.example.com");
  await expect(page.getByLabel("Authorization endpoint")).toHaveValue("https://login.example.com/oauth2/authorize");
  await expect(page.getByLabel("Token endpoint", { exact: true })).toHaveValue("https://login.example.com/oauth2/token");
  await expect(page.getByLabel("Userinfo endpoint")).toHaveValue("https://login.example.com/oauth2/userinfo");
  await expect(page.getByLabel("JWKS URI")).toHaveValue("https://login.example.com/oauth2/jwks");
  await expect(page.getByLabel("Scopes")).toHaveValue("openid profile email groups");
  await expect(page.getByLabel("Token endpoint authentication")).toHaveValue("client_secret_post");
  await expect(page.getByTestId("callback-url")).toHaveText(`${baseURL}/commonauth`);
  expect(await page.content()).not.toContain(secret);
  // saving again without typing a secret keeps the stored one
  await page.getByLabel("Discovery URL").fill("https://login.example.com/.well-known/openid-configuration");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "OpenID Connect settings saved" })).toBeVisible();
  await expect(page.getByLabel("Client secret")).toHaveAttribute("placeholder", "stored");

  await openTab(page, "Attributes");
  await expect(claimsForm.getByLabel("Subject claim", { exact: true })).toHaveValue("email");
  await expect(claimsForm.getByLabel("Role claim")).toHaveValue("groups");
  await expect(claimsForm.getByRole("group", { name: /^Claim mapping \d+$/ })).toHaveCount(1);
  await expect(first.getByLabel("Identity provider claim")).toHaveValue("department");
  await expect(first.getByLabel("Local attribute")).toHaveValue(ENTERPRISE_DEPARTMENT);
  await expect(rolesForm.getByRole("group", { name: /^Role mapping \d+$/ })).toHaveCount(1);
  await expect(role.getByLabel("Identity provider role")).toHaveValue("idp-admins");
  await expect(role.getByLabel("Local role")).toHaveValue("admin");

  await openTab(page, "Just-in-Time Provisioning");
  await expect(jit.getByRole("switch", { name: "Enable Just-in-Time provisioning" })).toBeChecked();
  await expect(jit.getByLabel("User store")).toHaveValue(store);
  await expect(jit.getByRole("radio", { name: "Prompt for consent" })).toBeChecked();
  await expect(jit.getByLabel("Associate existing local user")).toBeChecked();
  await expect(jit.getByRole("radio", { name: /^Preserve local/ })).toBeChecked();
  await expect(jit.getByRole("checkbox", { name: "emails.value" })).toBeChecked();
  await expect(jit.getByRole("checkbox", { name: "name.givenName" })).not.toBeChecked();
  await expect(jit.getByRole("radio", { name: /^Continue the sign-in/ })).toBeChecked();

  // what the console saved is what a script reads
  const detail = await adminApi(baseURL, "GET", `/identity-providers/${connection.id}`);
  expect(detail).toMatchObject({
    federatedSignIn: true,
    idpIssuerName: "https://login.example.com",
    certificate: { jwksUri: "https://login.example.com/oauth2/jwks" },
    claims: { userIdClaim: { uri: "email" }, roleClaim: { uri: "groups" }, mappings: [{ idpClaim: "department", localClaim: { uri: ENTERPRISE_DEPARTMENT } }] },
    roles: { mappings: [{ idpRole: "idp-admins", localRole: "admin" }] },
    provisioning: {
      jit: {
        isEnabled: true,
        scheme: "PROMPT_CONSENT",
        userstore: store,
        associateLocalUser: true,
        attributeSyncMethod: "PRESERVE_LOCAL",
        attributeSyncExceptions: ["emails.value"],
        onFailure: "CONTINUE",
      },
    },
  });
  expect(detail.federatedAuthenticators.authenticators[0]).toMatchObject({ isEnabled: true, clientSecretSet: true });
  expect(JSON.stringify(detail)).not.toContain(secret);

  // the connections list says it offers sign-in
  await page.goto("/connections");
  await expect(page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ hasText: name })).toContainText("OpenID Connect");
});

test("chooses an application's login flow: the default, or the local form and chosen connections", async ({ page, baseURL }) => {
  const idp = await federatedConnection(baseURL, uniqueName("Workforce IdP"));
  const outboundOnly = await adminApi(baseURL, "POST", "/identity-providers", { name: uniqueName("Outbound only") });
  const app = await adminApi(baseURL, "POST", "/applications", { name: uniqueName("portal"), kind: "web", redirectUris: ["https://portal.example.com/callback"] });

  await page.goto(`/applications/${app.id}`);
  await expect(page.getByRole("heading", { level: 1, name: app.name })).toBeVisible();
  await openTab(page, "Login flow");
  const form = page.getByRole("form", { name: "Login flow" });
  await expect(form.getByRole("radio", { name: "Default (username & password and every enabled connection)" })).toBeChecked();
  await expect(form.getByText(idp.name)).toBeVisible();

  await form.getByRole("radio", { name: /^Custom/ }).check();
  // the custom choice starts from what the default offers; a connection without sign-in is not offered
  await expect(form.getByRole("checkbox", { name: "Username & password" })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: idp.name })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: outboundOnly.name })).toHaveCount(0);
  // nothing offered (other tests' connections with sign-in may be listed too)
  for (const box of await form.getByRole("group", { name: "Offer" }).getByRole("checkbox").all()) await box.uncheck();
  await form.getByRole("button", { name: "Save login flow" }).click();
  await expect(form.getByText("Offer at least one way to sign in")).toBeVisible();
  await form.getByRole("checkbox", { name: idp.name }).check();
  await form.getByRole("button", { name: "Save login flow" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Login flow saved" })).toBeVisible();
  expect(await adminApi(baseURL, "GET", `/applications/${app.id}/login-flow`)).toEqual({ loginFlow: { local: false, connections: [idp.id] } });

  await page.reload();
  await openTab(page, "Login flow");
  await expect(form.getByRole("radio", { name: /^Custom/ })).toBeChecked();
  await expect(form.getByRole("checkbox", { name: "Username & password" })).not.toBeChecked();
  await expect(form.getByRole("checkbox", { name: idp.name })).toBeChecked();

  await form.getByRole("radio", { name: /^Default/ }).check();
  await form.getByRole("button", { name: "Save login flow" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Login flow saved" })).toBeVisible();
  expect(await adminApi(baseURL, "GET", `/applications/${app.id}/login-flow`)).toEqual({ loginFlow: null });

  // a machine-to-machine application signs nobody in
  const m2m = await adminApi(baseURL, "POST", "/applications", { name: uniqueName("sync-job") });
  await page.goto(`/applications/${m2m.id}`);
  await expect(page.getByRole("heading", { level: 1, name: m2m.name })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Login flow" })).toHaveCount(0);
});

test("shows where users came from: Local for a user created through the API, JIT via the connection for one it created", async ({ page, baseURL }) => {
  const local = await adminApi(baseURL, "POST", "/users", { domain: "PRIMARY", userName: uniqueName("api.user"), email: "api.user@example.com" });
  const idp = await federatedConnection(baseURL, uniqueName("Partner IdP"));

  await page.goto("/users");
  await page.getByLabel("Search users").fill(local.userName);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first().locator("td").nth(5)).toHaveText("Local");
  await rows.first().getByRole("link", { name: local.userName, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: local.userName })).toBeVisible();
  await expect(page.getByTestId("user-provenance")).toHaveText("Created locally (console or admin API)");
  await expect(page.getByText("Has not signed in through a connection.")).toBeVisible();

  // a user as a JIT sign-in through the connection leaves it
  const jitUser = await adminApi(baseURL, "POST", "/users", { domain: "PRIMARY", userName: uniqueName("jit.user") });
  const db = createDb(process.env.PROVISIO_E2E_DATABASE_URL!);
  try {
    await db.user.update({ where: { id: jitUser.id }, data: { source: "jit", sourceConnection: idp.id, sourceSubject: "248289761001" } });
    await db.federatedLink.create({ data: { connectionId: idp.id, subject: "248289761001", userId: jitUser.id, lastSignInAt: new Date() } });
  } finally {
    await db.$disconnect();
  }

  await page.goto("/users");
  await page.getByLabel("Source connection").selectOption({ label: `JIT via ${idp.name}` });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(jitUser.userName);
  await expect(rows.first().locator("td").nth(5)).toHaveText(`JIT via ${idp.name}`);
  await page.getByLabel("Search users").fill(local.userName);
  await expect(page.getByText(`No user was created through ${idp.name} and starts with "${local.userName}".`)).toBeVisible();
  await page.getByLabel("Source connection").selectOption({ label: "Every source" });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(local.userName);

  await page.goto(`/users/${jitUser.id}`);
  await expect(page.getByTestId("user-provenance")).toHaveText(`Created by ${idp.name} (subject 248289761001)`);
  const identities = page.getByRole("table", { name: "Federated identities" });
  await expect(identities.getByRole("row").filter({ hasText: "248289761001" })).toContainText(idp.name);
  await identities.getByRole("link", { name: idp.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: idp.name })).toBeVisible();
});
