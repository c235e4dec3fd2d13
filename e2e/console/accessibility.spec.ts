import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

const API = "/api/server/v1";

/** axe-core's WCAG 2.1 A and AA rules on the page as it is; the violations, named with their nodes. */
async function wcagViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** Kept in the test's output folder (test-results/), to look at what was checked. */
async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

/** A user with a 250-character name and a connection, through the admin API with the console's session. */
async function arrange(page: Page): Promise<{ userId: string; longName: string; connectionId: string }> {
  const longName = uniqueName("long").padEnd(250, "x");
  // the session's requests show the console's origin, as the console's own do
  const headers = { origin: new URL(page.url()).origin };
  const user = await page.request.post(`${API}/users`, { headers, data: { domain: "PRIMARY", userName: longName, givenName: "Kim", familyName: "Lee", email: "kim@example.com" } });
  expect(user.status(), await user.text()).toBe(201);
  const connection = await page.request.post(`${API}/identity-providers`, { headers, data: { name: uniqueName("A11y partner") } });
  expect(connection.status(), await connection.text()).toBe(201);
  return { userId: (await user.json()).id, longName, connectionId: (await connection.json()).id };
}

const pages = (ids: { userId: string; connectionId: string }) => [
  "/users",
  `/users/${ids.userId}`,
  "/users/new",
  "/groups",
  "/roles",
  "/applications",
  "/connections",
  `/connections/${ids.connectionId}`,
  "/provisioning-settings",
  "/provisioning-activity",
  "/user-stores",
];

for (const colorScheme of ["light", "dark"] as const) {
  test(`the console's pages pass axe's WCAG 2.1 AA checks (${colorScheme})`, async ({ page }, testInfo) => {
    // eleven pages, each loaded, analysed and photographed
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme });
    await signInAsAdmin(page);
    const ids = await arrange(page);
    const violations: Record<string, string[]> = {};
    for (const path of pages(ids)) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.getByText("Loading…")).toHaveCount(0);
      const found = await wcagViolations(page);
      if (found.length) violations[path] = found;
      await screenshot(page, testInfo, `${colorScheme}${path.replaceAll("/", "-")}`);
    }
    expect(violations).toStrictEqual({});
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (colorScheme === "dark") expect(background).toBe("rgb(11, 17, 32)");
    else expect(background).not.toBe("rgb(11, 17, 32)");
  });
}

test("a skip link leads past the navigation; tabs follow the arrow keys", async ({ page }) => {
  await signInAsAdmin(page);
  const { connectionId } = await arrange(page);
  await page.goto(`/connections/${connectionId}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#content")).toBeFocused();

  const general = page.getByRole("tab", { name: "General" });
  await general.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Settings" })).toBeFocused();
  await expect(page.getByRole("tab", { name: "Settings" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel")).toHaveAttribute("aria-labelledby", "tab-settings");
  await page.keyboard.press("End");
  await expect(page.getByRole("tab", { name: "Provisioning roles" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(general).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "Provisioning roles" })).toHaveAttribute("aria-selected", "true");
  // one tab stop for the whole strip
  await expect(page.getByRole("tab", { name: "General" })).toHaveAttribute("tabindex", "-1");
});

test("the connector wizard takes the focus, checks a fixed field at once, and Escape closes it back to its button", async ({ page }) => {
  await signInAsAdmin(page);
  const { connectionId } = await arrange(page);
  await page.goto(`/connections/${connectionId}`);
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  const add = page.getByRole("button", { name: "Add connector" });
  await add.click();
  const wizard = page.getByRole("dialog", { name: "Add outbound provisioning connector" });
  await expect(wizard.getByRole("heading", { name: "Add outbound provisioning connector" })).toBeFocused();

  await wizard.getByRole("radio", { name: /SCIM 2\.0/ }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  const endpoint = wizard.getByLabel("User endpoint");
  await endpoint.fill("not a url");
  await expect(wizard.getByText("User endpoint must be an http(s) URL")).toBeVisible();
  await endpoint.fill("https://partner.example/scim2/Users");
  // fixed: the message goes without pressing Next
  await expect(wizard.getByText("User endpoint must be an http(s) URL")).toHaveCount(0);

  await page.keyboard.press("Escape");
  await expect(wizard).toHaveCount(0);
  await expect(add).toBeFocused();
});

test("on a 390-pixel phone nothing scrolls sideways, long names wrap, and the menu opens and closes", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAsAdmin(page);
  const { userId, longName } = await arrange(page);
  // how far the page scrolls sideways, and the elements that stick out (to name them when it does)
  const sideways = () =>
    page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const overflow = document.documentElement.scrollWidth - width;
      if (!overflow) return 0;
      const outside = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > width + 1 && !e.parentElement?.closest(".overflow-x-auto"));
      return `${overflow}px: ${outside
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)
        .join(", ")}`;
    });

  await page.goto("/users");
  await page.getByRole("searchbox").fill(longName.slice(0, 20));
  await expect(page.getByRole("link", { name: longName })).toBeVisible();
  expect(await sideways()).toBe(0);

  await page.goto(`/users/${userId}`);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toContainText(longName.slice(0, 30));
  expect(await sideways()).toBe(0);
  expect((await heading.boundingBox())!.height).toBeLessThan(400);
  await screenshot(page, testInfo, "phone-user");

  const nav = page.getByRole("navigation", { name: "Console" });
  await expect(nav).toBeHidden();
  const menu = page.getByRole("button", { name: "Menu" });
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await nav.getByRole("link", { name: "Groups" }).click();
  await expect(page).toHaveURL(/\/groups$/);
  await expect(nav).toBeHidden();
  expect(await sideways()).toBe(0);
});
