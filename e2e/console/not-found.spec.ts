import { expect, signInAsAdmin, test } from "./helpers.ts";

test("an unknown page says so with a way back, and no page load asks for a missing icon", async ({ page }) => {
  const missing: string[] = [];
  page.on("response", (res) => {
    if (res.status() === 404) missing.push(new URL(res.url()).pathname);
  });
  await signInAsAdmin(page);
  expect(missing).toEqual([]);
  await expect(page.locator('link[rel="icon"]')).toHaveCount(1);

  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the console" }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
});
