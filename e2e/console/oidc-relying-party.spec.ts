import { SCOPE, startRelyingParty } from "./relying-party.ts";
import { createUser, expect, signIn, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("authorization_code flow of a test relying party completes through Provisio's sign-in page", async ({ page, browser, baseURL }) => {
  // two complete sign-ins on top of the console setup
  test.slow();
  const rp = await startRelyingParty();
  try {
    await signInAsAdmin(page);
    const user = { userName: uniqueName("rp.user"), givenName: "Rita", familyName: "Party", password: "Rp-Password-1" };
    const email = `${user.userName}@example.com`;
    await createUser(page, { ...user, email });

    // the relying party as a web application
    const name = uniqueName("Relying party");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Applications", exact: true }).click();
    await page.getByRole("link", { name: "New application" }).click();
    await expect(page).toHaveURL(/\/applications\/new$/);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type").selectOption("web");
    await expect(page.getByLabel("Authorization code")).toBeChecked();
    await expect(page.getByLabel("Refresh token")).toBeChecked();
    await page.getByLabel("Redirect URIs", { exact: true }).fill(rp.callbackUrl);
    const scopes = page.getByRole("group", { name: "OIDC scopes" });
    for (const scope of SCOPE.split(" ")) await scopes.getByLabel(scope, { exact: true }).check();
    // openid-client authenticates with client_secret_post unless told otherwise; the provider holds a client to
    // the method it registered
    await page.getByLabel("Token endpoint authentication").selectOption("client_secret_post");
    await page.getByRole("button", { name: "Create application" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Application ${name} created` })).toBeVisible();
    const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
    const clientSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
    expect(clientId).not.toBe("");
    expect(clientSecret).not.toBe("");
    await rp.useClient(baseURL!, clientId, clientSecret);

    // Allow: signed in at the relying party as that user. A context of its own, so the console's session plays no part.
    const allowContext = await browser.newContext();
    try {
      const visitor = await allowContext.newPage();
      await visitor.goto(`${rp.origin}/login`);
      await expect(visitor).toHaveURL((url) => url.origin === new URL(baseURL!).origin && url.pathname === "/signin" && url.searchParams.has("interaction"));
      await expect(visitor.getByText("Sign in to continue to the application")).toBeVisible();
      await signIn(visitor, user, { open: false });
      await expect(visitor).toHaveURL((url) => url.pathname === "/consent" && url.searchParams.has("interaction"));
      await expect(visitor.getByTestId("consent-client")).toHaveText(name);
      await expect(visitor.getByText("See your email address")).toBeVisible();
      await visitor.getByRole("button", { name: "Allow" }).click();
      await expect(visitor).toHaveURL((url) => url.origin === rp.origin && url.pathname === "/callback");
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(`Signed in as ${user.userName}`);
      await expect(visitor.locator("#email")).toHaveText(email);
    } finally {
      await allowContext.close();
    }

    // Deny: the relying party is told access_denied, with no code to redeem
    const denyContext = await browser.newContext();
    try {
      const visitor = await denyContext.newPage();
      await visitor.goto(`${rp.origin}/login`);
      await expect(visitor).toHaveURL((url) => url.pathname === "/signin" && url.searchParams.has("interaction"));
      await signIn(visitor, user, { open: false });
      await expect(visitor.getByTestId("consent-client")).toHaveText(name);
      await visitor.getByRole("button", { name: "Deny" }).click();
      await expect(visitor).toHaveURL((url) => url.origin === rp.origin && url.pathname === "/callback" && url.searchParams.get("error") === "access_denied" && !url.searchParams.has("code"));
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Sign-in refused");
      await expect(visitor.locator("#error")).toHaveText("access_denied");
    } finally {
      await denyContext.close();
    }
  } finally {
    await rp.close();
  }
});
