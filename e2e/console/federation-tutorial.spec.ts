import type { Browser, Page } from "@playwright/test";
import { removeDataDir, startProvisio, type ProvisioInstance } from "../support/provisio.ts";
import { startRelyingParty, type RelyingParty } from "./relying-party.ts";
import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

/**
 * WSO2 IS 7's federation tutorial with two Provisio instances, through their consoles: B (the identity provider)
 * registers a web application for A; A adds connection IDP-B with JIT provisioning; a user who exists only in B
 * signs in to an application of A through "Sign in with IDP-B" and appears in A's users, created by IDP-B. Then
 * each prompting scheme, from A's console.
 */
let b: ProvisioInstance;
let rp: RelyingParty;
const BASIC = `Basic ${Buffer.from("admin:admin").toString("base64")}`;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [b, rp] = await Promise.all([startProvisio(), startRelyingParty()]);
});
test.afterAll(async () => {
  await rp?.close();
  if (b) {
    await b.stop();
    removeDataDir(b.dataDir);
  }
});

/** A user who exists only in B, as B's administrator would create one. */
async function userInB(prefix: string) {
  const user = { userName: uniqueName(prefix), password: "B-Password-1" };
  const res = await fetch(`${b.baseUrl}/scim2/Users`, {
    method: "POST",
    headers: { authorization: BASIC, "content-type": "application/scim+json" },
    body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: user.userName,
      password: user.password,
      name: { givenName: "Bea", familyName: "Bergen" },
      emails: [{ value: `${user.userName}@b.example`, primary: true }],
    }),
  });
  expect(res.status).toBe(201);
  return user;
}

async function openTab(page: Page, name: string) {
  await page.getByRole("tab", { name, exact: true }).click();
  await expect(page.getByRole("tab", { name, exact: true })).toHaveAttribute("aria-selected", "true");
}

/** A visitor of the relying party, in a browser of their own, up to A's sign-in page and through IDP-B's. */
async function signInThroughB(browser: Browser, baseURL: string, user: { userName: string; password: string }) {
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`${rp.origin}/login`);
  await expect(visitor).toHaveURL((url) => url.origin === baseURL && url.pathname === "/signin");
  await visitor.getByRole("link", { name: "Sign in with IDP-B" }).click();
  await expect(visitor).toHaveURL((url) => url.origin === b.baseUrl && url.pathname === "/signin");
  await visitor.getByLabel("User name").fill(user.userName);
  await visitor.getByLabel("Password").fill(user.password);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  // B asks its user to let A read the profile, the first time
  await expect(visitor).toHaveURL((url) => url.origin === b.baseUrl && url.pathname === "/consent");
  await visitor.getByRole("button", { name: "Allow" }).click();
  return { context, visitor };
}

/** A asks its new user to let the relying party read the profile, then the relying party shows who signed in. */
async function allowAtA(visitor: Page, userName: string) {
  await expect(visitor).toHaveURL((url) => url.pathname === "/consent");
  await visitor.getByRole("button", { name: "Allow" }).click();
  await expect(visitor.getByRole("heading", { name: `Signed in as ${userName}` })).toBeVisible();
}

test("a user of B signs in to A's application through IDP-B and is created in A, silently or after each scheme's prompts", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  // B's console: a web application for A, with A's /commonauth as redirect URI
  await page.goto(`${b.baseUrl}/signin`);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill("admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${b.baseUrl}/`);
  await page.goto(`${b.baseUrl}/applications/new`);
  await page.getByLabel("Name", { exact: true }).fill("Provisio A");
  await page.getByLabel("Type").selectOption("web");
  await page.getByLabel("Redirect URIs", { exact: true }).fill(`${baseURL}/commonauth`);
  const scopes = page.getByRole("group", { name: "OIDC scopes" });
  for (const scope of ["openid", "profile", "email"]) await scopes.getByLabel(scope, { exact: true }).check();
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Application Provisio A created" })).toBeVisible();
  const clientId = (await page.getByTestId("client-id").textContent())!.trim();
  const clientSecret = (await page.getByTestId("client-secret").textContent())!.trim();

  // A's console: the relying party's application, and connection IDP-B with JIT provisioning into PRIMARY
  await signInAsAdmin(page);
  await page.goto("/applications/new");
  const shop = uniqueName("Shop");
  await page.getByLabel("Name", { exact: true }).fill(shop);
  await page.getByLabel("Type").selectOption("web");
  await page.getByLabel("Redirect URIs", { exact: true }).fill(rp.callbackUrl);
  for (const scope of ["openid", "profile", "email"]) await page.getByRole("group", { name: "OIDC scopes" }).getByLabel(scope, { exact: true }).check();
  await page.getByLabel("Token endpoint authentication").selectOption("client_secret_post");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Application ${shop} created` })).toBeVisible();
  await rp.useClient(baseURL!, (await page.getByTestId("client-id").textContent())!.trim(), (await page.getByTestId("client-secret").textContent())!.trim());

  await page.goto("/connections/new");
  await page.getByLabel("Name", { exact: true }).fill("IDP-B");
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "IDP-B" })).toBeVisible();
  await openTab(page, "Settings");
  await expect(page.getByTestId("callback-url")).toHaveText(`${baseURL}/commonauth`);
  await page.getByLabel("Client ID").fill(clientId);
  await page.getByLabel("Client secret").fill(clientSecret);
  await page.getByLabel("Discovery URL").fill(`${b.baseUrl}/.well-known/openid-configuration`);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "OpenID Connect settings saved" })).toBeVisible();
  await openTab(page, "Just-in-Time Provisioning");
  const jit = page.getByRole("form", { name: "Just-in-Time provisioning" });
  await jit.getByRole("switch", { name: "Enable Just-in-Time provisioning" }).check();
  await jit.getByLabel("User store").selectOption("PRIMARY");
  await jit.getByRole("radio", { name: "Provision silently" }).check();
  await jit.getByRole("button", { name: "Save JIT provisioning" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Just-in-Time provisioning saved" })).toBeVisible();

  // silently: the user of B signs in to the shop and lands in A's users, created by IDP-B
  const silent = await userInB("silent");
  const first = await signInThroughB(browser, baseURL!, silent);
  await allowAtA(first.visitor, silent.userName);
  await first.context.close();
  await page.goto("/users");
  await page.getByLabel("Search users").fill(silent.userName);
  const row = page.getByRole("row").filter({ hasText: silent.userName });
  await expect(row).toContainText("JIT via IDP-B");
  await row.getByRole("link", { name: silent.userName }).click();
  await expect(page.getByRole("heading", { level: 1, name: silent.userName })).toBeVisible();
  await expect(page.getByText("Created by IDP-B")).toBeVisible();
  await expect(page.getByLabel("First name")).toHaveValue("Bea");
  await expect(page.getByLabel("Email")).toHaveValue(`${silent.userName}@b.example`);

  // each prompting scheme, chosen in A's console
  const schemes = [
    { label: "Prompt for username, password and consent", userName: true, password: true },
    { label: "Prompt for password and consent", userName: false, password: true },
    { label: "Prompt for consent", userName: false, password: false },
  ];
  for (const scheme of schemes) {
    await page.goto("/connections");
    await page.getByRole("link", { name: "IDP-B", exact: true }).click();
    await openTab(page, "Just-in-Time Provisioning");
    await jit.getByRole("radio", { name: scheme.label }).check();
    await jit.getByRole("button", { name: "Save JIT provisioning" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Just-in-Time provisioning saved" }).last()).toBeVisible();

    const user = await userInB("prompted");
    const { context, visitor } = await signInThroughB(browser, baseURL!, user);
    await expect(visitor).toHaveURL(/\/signin\/federated\?ticket=/);
    await expect(visitor.getByText("Create your account from IDP-B")).toBeVisible();
    await expect(visitor.getByLabel("User name")).toHaveCount(scheme.userName ? 1 : 0);
    await expect(visitor.getByLabel("Password")).toHaveCount(scheme.password ? 1 : 0);
    let chosen = user.userName;
    if (scheme.userName) {
      // a name taken in A is refused, and nothing is created
      await visitor.getByLabel("User name").fill("admin");
      await visitor.getByLabel("Password").fill("A-Password-1");
      await visitor.getByRole("checkbox").check();
      await visitor.getByRole("button", { name: "Create account and continue" }).click();
      await expect(visitor.getByText('The user name "admin" is already taken')).toBeVisible();
      chosen = uniqueName("chosen");
      await visitor.getByLabel("User name").fill(chosen);
    }
    if (scheme.password) {
      await visitor.getByLabel("Password").fill("short");
      await visitor.getByRole("checkbox").check();
      await visitor.getByRole("button", { name: "Create account and continue" }).click();
      // the browser holds the form back (the server checks again: see the HTTP tests)
      expect(await visitor.getByLabel("Password").evaluate((el: HTMLInputElement) => el.validationMessage)).not.toBe("");
      await expect(visitor).toHaveURL(/\/signin\/federated\?ticket=/);
      if (scheme.userName) await visitor.getByLabel("User name").fill(chosen);
      await visitor.getByLabel("Password").fill("A-Password-1");
    }
    await visitor.getByRole("checkbox").check();
    await visitor.getByRole("button", { name: "Create account and continue" }).click();
    await allowAtA(visitor, chosen);
    await context.close();

    await page.goto("/users");
    await page.getByLabel("Search users").fill(chosen);
    await expect(page.getByRole("row").filter({ hasText: chosen })).toContainText("JIT via IDP-B");
  }
});
