import { pastSettingsCache, provisionTo } from "../support/outbound-setup.ts";
import { startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server.ts";
import { adminApi, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// The target: a local SCIM 2.0 server, so what arrives and what is deleted there is read directly.
let target: FakeScimServer;

test.beforeAll(async () => {
  target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
});
test.afterAll(async () => target?.close());

test("a role change removing more users than the deletion guard allows is held, shown, and sent once approved", async ({ page, baseURL }) => {
  test.slow();
  const api = <T>(method: string, path: string, json?: unknown) => adminApi<T>(baseURL!, method, path, json);
  const connectionName = uniqueName("Guarded partner");
  const role = await api<{ id: string }>("POST", "/roles", { name: uniqueName("Seasonal") });
  const { connectionId } = await provisionTo({ databaseUrl: process.env.PROVISIO_E2E_DATABASE_URL! }, { baseUrl: target.origin }, { name: connectionName, roleIds: [role.id] });
  // written behind the server's back: it picks the provisioner up within its cache period
  await pastSettingsCache();
  const users: { id: string; userName: string }[] = [];
  for (let i = 0; i < 4; i++) users.push(await api<{ id: string; userName: string }>("POST", "/users", { domain: "PRIMARY", userName: uniqueName(`seasonal${i}`) }));
  await api("POST", `/roles/${role.id}/users`, { userIds: users.map((u) => u.id) });
  const atTarget = (userName: string) => [...target.users.values()].some((u) => u.userName === userName);
  await expect.poll(() => users.filter((u) => atTarget(u.userName)).length).toBe(4);

  // the guard is set on the connection's Outbound Provisioning tab, in its Advanced settings
  await signInAsAdmin(page);
  await page.goto(`/connections/${connectionId}`);
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  const advanced = page.getByRole("form", { name: "Advanced settings" });
  await advanced.getByLabel("Maximum requests per second").fill("-2");
  await advanced.getByRole("button", { name: "Save advanced settings" }).click();
  await expect(advanced.getByText("Must be at least 0.1")).toBeVisible();
  await advanced.getByLabel("Maximum requests per second").fill("");
  await advanced.getByRole("switch", { name: "Hold bulk deletes for approval" }).check();
  await advanced.getByLabel("Delete threshold").fill("2");
  await advanced.getByLabel("Window (minutes)").fill("10");
  await advanced.getByRole("button", { name: "Save advanced settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Advanced settings saved" })).toBeVisible();

  // all four lose the role at once: past the threshold of two, every delete is held
  await api("DELETE", `/roles/${role.id}/users`, { userIds: users.map((u) => u.id) });

  await page.goto("/provisioning-activity");
  const activityBanner = page.getByRole("region", { name: "Held deletes" });
  await expect(activityBanner).toContainText(`4 deletes held for ${connectionName}`);
  await activityBanner.getByRole("link", { name: `review ${connectionName}` }).click();
  await expect(page).toHaveURL(new RegExp(`/connections/${connectionId}$`));

  const banner = page.getByRole("region", { name: "Held deletes" });
  await expect(banner.getByRole("heading", { name: `Deletion guard: 4 deletes held for ${connectionName}` })).toBeVisible();
  const rows = banner.getByRole("table", { name: "Held deletes" }).getByRole("row");
  await expect(rows).toHaveCount(5);
  for (const u of users) await expect(banner.getByRole("cell", { name: u.userName, exact: true })).toBeVisible();
  await expect(banner.getByRole("cell", { name: "provisioning role revoked" }).first()).toBeVisible();
  // held, not sent
  expect(users.every((u) => atTarget(u.userName))).toBe(true);

  // cancelling the confirmation decides nothing
  await banner.getByRole("button", { name: "Approve all 4" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve held deletes?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(banner).toBeVisible();

  await banner.getByRole("button", { name: "Approve all 4" }).click();
  await dialog.getByRole("button", { name: "Send all 4 deletes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "4 held deletes released for delivery" })).toBeVisible();
  await expect(banner).toBeHidden();
  await expect.poll(() => users.filter((u) => atTarget(u.userName)).length, { timeout: 20_000 }).toBe(0);

  // the log tells the story: held, approved, then the deletes themselves
  await page.goto("/provisioning-activity");
  await page.getByLabel("Status").selectOption({ label: "Deletion guard (held, approved, discarded)" });
  await expect(page.getByText("approved", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("held", { exact: true }).first()).toBeVisible();
});
