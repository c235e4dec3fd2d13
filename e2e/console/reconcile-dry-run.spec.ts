import { pastSettingsCache, provisionTo } from "../support/outbound-setup.ts";
import { startFakeScimServer, type FakeScimServer } from "../../test/support/fake-scim-server.ts";
import { adminApi, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// The target: a local SCIM 2.0 server, so what it holds is read directly.
let target: FakeScimServer;

test.beforeAll(async () => {
  target = await startFakeScimServer({ version: "2.0", basic: { username: "admin", password: "admin" } });
});
test.afterAll(async () => target?.close());

test("a sync's preview lists each user's action, opens on the attribute differences, then runs the sync", async ({ page, baseURL }) => {
  test.slow();
  const api = <T>(method: string, path: string, json?: unknown) => adminApi<T>(baseURL!, method, path, json);
  const role = await api<{ id: string }>("POST", "/roles", { name: uniqueName("Partner scope") });
  const { connectionId } = await provisionTo({ databaseUrl: process.env.PROVISIO_E2E_DATABASE_URL! }, { baseUrl: target.origin }, { name: uniqueName("Partner"), roleIds: [role.id] });
  // written behind the server's back: it picks the provisioner up within its cache period
  await pastSettingsCache();
  const [changed, kept] = await Promise.all(
    ["planned", "steady"].map((prefix) => api<{ id: string; userName: string }>("POST", "/users", { domain: "PRIMARY", userName: uniqueName(prefix), givenName: "Ada", familyName: "Lovelace" })),
  );
  await api("POST", `/roles/${role.id}/users`, { userIds: [changed!.id, kept!.id] });
  const atTarget = (userName: string) => [...target.users.values()].find((u) => u.userName === userName);
  await expect.poll(() => [changed!, kept!].filter((u) => atTarget(u.userName)).length).toBe(2);

  // changed while the connector is off: the target still has Ada
  await api("PATCH", `/identity-providers/${connectionId}/connectors/scim2`, { enabled: false });
  await pastSettingsCache();
  await api("PUT", `/users/${changed!.id}`, { domain: "PRIMARY", userName: changed!.userName, givenName: "Augusta", familyName: "Lovelace" });

  await signInAsAdmin(page);
  await page.goto(`/connections/${connectionId}`);
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await page.getByRole("button", { name: "Sync SCIM 2.0 connector now" }).click();
  await page.getByRole("button", { name: "Preview changes" }).click();

  const plan = page.getByRole("table", { name: "Sync plan of the SCIM 2.0 connector" });
  const filters = page.getByRole("group", { name: "Filter by action" });
  await expect(page.getByTestId("plan-count-update")).not.toContainText("…");
  await expect(filters.getByRole("button", { name: /^All/ })).toHaveAttribute("aria-pressed", "true");

  // only updates: the changed user, not the one the target has as it is
  await filters.getByRole("button", { name: /^Update/ }).click();
  await expect(filters.getByRole("button", { name: /^Update/ })).toHaveAttribute("aria-pressed", "true");
  const row = plan.getByRole("row").filter({ has: page.getByRole("cell", { name: changed!.userName, exact: true }) });
  await expect(row).toContainText("1 attribute changed");
  await expect(plan.getByRole("cell", { name: kept!.userName, exact: true })).toHaveCount(0);

  await row.getByRole("button", { name: `Show differences of ${changed!.userName}` }).click();
  await expect(row.getByRole("button", { name: `Hide differences of ${changed!.userName}` })).toHaveAttribute("aria-expanded", "true");
  const diff = page.getByRole("table", { name: `Attribute differences of ${changed!.userName}` });
  const givenName = diff.getByRole("row", { name: /name\.givenName/ });
  await expect(givenName.getByRole("rowheader")).toHaveText("name.givenName");
  await expect(givenName.getByRole("cell")).toHaveText(["Ada", "Augusta"]);

  await filters.getByRole("button", { name: /^Unchanged/ }).click();
  await expect(plan.getByRole("cell", { name: kept!.userName, exact: true })).toBeVisible();
  // previewing sent nothing
  expect(atTarget(changed!.userName)?.name?.givenName).toBe("Ada");

  // the sync itself, once the connector is on again (other tests' groups may add removals: those ask first)
  await api("PATCH", `/identity-providers/${connectionId}/connectors/scim2`, { enabled: true });
  const removals =
    Number((await page.getByTestId("plan-count-delete").textContent())!.replace(/\D/g, "")) + Number((await page.getByTestId("plan-count-deactivate").textContent())!.replace(/\D/g, ""));
  await page.getByRole("button", { name: "Run sync" }).click();
  if (removals > 0)
    await page
      .getByRole("dialog", { name: "Run the sync?" })
      .getByRole("button", { name: /^Sync, with/ })
      .click();
  await expect(page.getByText("Queued for delivery:")).toBeVisible();
  await expect.poll(() => atTarget(changed!.userName)?.name?.givenName, { timeout: 20_000 }).toBe("Augusta");
});
