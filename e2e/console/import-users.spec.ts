import { expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

test("imports users from a CSV file, flags the bad row in the preview and reports each row", async ({ page }) => {
  await signInAsAdmin(page);
  const [ann, bad, ben] = [uniqueName("ann"), uniqueName("bad"), uniqueName("ben")];
  const csv = ["userName,password,email,givenName", `${ann},secret123,${ann}@example.com,Ann`, `${bad},abc,not-an-email,`, `${ben},,,"Ben, Jr."`].join("\r\n");

  await page.goto("/users");
  await page.getByRole("link", { name: "Import users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import users" })).toBeVisible();
  await page.getByLabel("CSV file").setInputFiles({ name: "users.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });

  const preview = page.getByRole("table", { name: "Preview" });
  await expect(page.getByRole("heading", { name: "Preview: 2 of 3 rows ready" })).toBeVisible();
  const badRow = preview.getByRole("row").filter({ hasText: bad });
  await expect(badRow).toContainText("invalid");
  await expect(badRow).toContainText("email: Enter a valid email address; password: Password must have at least 6 characters");

  await page.getByRole("button", { name: "Import 2 users" }).click();
  await expect(page.getByRole("heading", { name: "Results: 2 created, 1 failed" })).toBeVisible();
  const results = page.getByRole("table", { name: "Import results" });
  await expect(results.getByRole("row").filter({ hasText: ann })).toContainText("created");
  await expect(results.getByRole("row").nth(2)).toContainText("failed");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download results (CSV)" }).click();
  const file = await (await download).path();
  const text = (await import("node:fs")).readFileSync(file, "utf8");
  expect(text.split("\r\n")[0]).toBe("row,userName,status,reason,id");
  expect(text).toContain(`2,${bad},failed,email: Enter a valid email address; password: Password must have at least 6 characters,`);

  await results.getByRole("link", { name: ben }).click();
  await expect(page.getByLabel("First name")).toHaveValue("Ben, Jr.");
});
