import { expect, signInAsAdmin, test } from "./helpers.ts";

test.describe("security headers in the browser", () => {
  test("the console works under its Content-Security-Policy without a single violation", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`));
    });
    await signInAsAdmin(page);
    for (const [link, heading] of [
      ["Groups", "Groups"],
      ["Users", "Users"],
    ]) {
      await page.getByRole("link", { name: link, exact: true }).first().click();
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    }
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("another page cannot frame the console (clickjacking)", async ({ page, baseURL }) => {
    const refusals: string[] = [];
    page.on("console", (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await page.setContent(`<iframe id="victim" src="${baseURL}/signin" width="800" height="600"></iframe>`);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const frame = page.frameLocator("#victim");
    await expect(frame.getByLabel("User name")).toHaveCount(0);
  });
});
