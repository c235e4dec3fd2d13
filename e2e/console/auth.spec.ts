import { ADMIN, expect, signIn, signInAsAdmin, test } from "./helpers.ts";

test.describe("sign-in", () => {
  test("signs in to the home page and signs out again", async ({ page }) => {
    await signInAsAdmin(page);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN.userName);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin(\?|$)/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();

    // The session must really be gone, not just the page changed.
    await page.goto("/users");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fusers$/);
  });

  test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
    await signIn(page, { userName: ADMIN.userName, password: "not-the-password" });
    // Next's route announcer is an empty alert region of its own, hence the filter.
    await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong user name or password.");
    await expect(page).toHaveURL(/\/signin(\?|$)/);
    await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  });

  test("never follows a callback to another site after sign-in", async ({ page, baseURL }) => {
    for (const callback of ["/\\example.com/x", "//example.com/x", "https://example.com/x"]) {
      await page.goto(`/signin?callbackUrl=${encodeURIComponent(callback)}`);
      await signIn(page, ADMIN, { open: false });
      await expect(page).toHaveURL(`${baseURL}/`);
      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/\/signin/);
    }
  });

  test("buttons that need scripts stay disabled until the page has them", async ({ page }) => {
    await signInAsAdmin(page);
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    await page.goto("/users");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeDisabled();

    await page.unroute("**/_next/static/**/*.js");
    await page.reload();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeEnabled();
  });

  test("empty fields show field errors", async ({ page }) => {
    await page.goto("/signin");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.locator("#username-error")).toHaveText("Enter your user name");
    await expect(page.locator("#password-error")).toHaveText("Enter your password");
    await expect(page.getByLabel("User name")).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/signin$/);
  });
});

test.describe("signed-out access", () => {
  for (const { path, heading } of [
    { path: "/users", heading: "Users" },
    { path: "/groups", heading: "Groups" },
    { path: "/groups/new", heading: "New group" },
  ]) {
    test(`${path} asks to sign in, then returns there`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(`/signin?callbackUrl=${encodeURIComponent(path)}`);

      await signIn(page, ADMIN, { open: false });
      await expect(page).toHaveURL(path);
      await expect(page.getByRole("heading", { level: 1, name: heading, exact: true })).toBeVisible();
      await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN.userName);
    });
  }
});

test("a session that ends while a page is open sends the next request to sign-in, and back to the page after", async ({ page, context }) => {
  await signInAsAdmin(page);
  await page.goto("/groups");
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  // the session ends behind the page's back (expiry, sign-out in another tab)
  await context.clearCookies();
  await page.getByLabel("Search groups").fill("anything");
  await expect(page).toHaveURL(`/signin?callbackUrl=${encodeURIComponent("/groups")}&reason=expired`);
  await expect(page.getByRole("status").filter({ hasText: "Your session has ended" })).toBeVisible();
  await signIn(page, ADMIN, { open: false });
  await expect(page).toHaveURL("/groups");
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
});
