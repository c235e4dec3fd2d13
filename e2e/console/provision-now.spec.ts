import type { Page } from "@playwright/test";
import { expect, secondProvisio, signInAsAdmin, test, uniqueName } from "./helpers.ts";

const API = "/api/server/v1";

// The target: a second, real Provisio, so what arrives is checked through its own SCIM API.
const b = secondProvisio();

const findOnB = (userName: string) => b.findUsers<{ id: string; userName: string }>(userName);

/** Calls the admin API with the console's session; answers the JSON body. */
async function call(page: Page, method: "post" | "put" | "delete", path: string, data?: unknown) {
  const res = await page.request[method](`${API}${path}`, { headers: { origin: new URL(page.url()).origin }, ...(data !== undefined ? { data } : {}) });
  expect(res.status(), await res.text()).toBeLessThan(300);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/**
 * Two users, one holding the connection's provisioning role, then a connection to B provisioning only that role's
 * holders: written in this order, nothing is queued for the users, and provision now sends what there is to send.
 */
async function arrange(page: Page) {
  const role = await call(page, "post", "/roles", { name: uniqueName("B partners") });
  const inScope = await call(page, "post", "/users", { domain: "PRIMARY", userName: uniqueName("pn.in"), givenName: "Ina", familyName: "Scope" });
  const outOfScope = await call(page, "post", "/users", { domain: "PRIMARY", userName: uniqueName("pn.out"), givenName: "Otto", familyName: "Scope" });
  await call(page, "post", `/roles/${role.id}/users`, { userIds: [inScope.id] });
  const name = uniqueName("Provisio B now");
  const connection = await call(page, "post", "/identity-providers", { name });
  const config = { userEndpoint: `${b.baseUrl}/scim2/Users`, groupEndpoint: `${b.baseUrl}/scim2/Groups`, authType: "basic", username: "admin", password: "admin" };
  const connector = await call(page, "put", `/identity-providers/${connection.id}/connectors/scim2`, { config });
  await call(page, "put", `/identity-providers/${connection.id}/provisioning-roles`, { roleIds: [role.id] });
  await call(page, "post", "/resident-application/outbound-provisioning", { connectorId: connector.id });
  return { role, inScope, outOfScope, name, connectionId: connection.id as string };
}

async function provisionNow(page: Page, userId: string, connection: string) {
  await page.goto(`/users/${userId}`);
  const panel = page.getByRole("region", { name: "Provision now" });
  await panel.getByLabel("Connection").selectOption({ label: `${connection} (SCIM 2.0)` });
  await panel.getByRole("button", { name: "Provision now" }).click();
  return panel;
}

test("provision now shows the trace for a user in scope, created at B, and for one out of scope, to whom nothing is sent", async ({ page }) => {
  test.slow();
  await signInAsAdmin(page);
  const { role, inScope, outOfScope, name, connectionId } = await arrange(page);

  try {
    const panel = await provisionNow(page, inScope.id, name);
    const headline = panel.getByRole("heading", { name: `Created at ${name}` });
    await expect(headline).toBeVisible();
    await expect(headline).toBeFocused();
    const steps = panel.getByRole("list", { name: "Provisioning steps" });
    await expect(steps.getByRole("heading", { name: /1\. Scope: in scope/ })).toBeVisible();
    await expect(steps.getByRole("list", { name: "Scope checks" })).toContainText(`Holds the provisioning role "${role.name}"`);
    await expect(steps).toContainText(`"userName": "${inScope.userName}"`);
    const post = steps
      .getByRole("list", { name: "HTTP exchanges" })
      .getByRole("listitem")
      .filter({ hasText: `POST ${b.baseUrl}/scim2/Users` });
    await expect(post).toContainText("HTTP 201");
    await post.getByText("Request headers").click();
    await expect(post.getByText("Basic [redacted]")).toBeVisible();
    await expect(post.getByRole("region", { name: "Response" })).toContainText("HTTP 201");
    const [remote] = await findOnB(inScope.userName);
    expect(remote).toBeDefined();
    await expect(steps.getByRole("listitem").filter({ hasText: "4. Remote id" })).toContainText(`Stored remote id: ${remote!.id}`);
    // the user's provisioning status shows the same delivery
    await expect(page.getByRole("table", { name: "Provisioning status" }).getByRole("row").filter({ hasText: name })).toContainText(remote!.id);

    const outPanel = await provisionNow(page, outOfScope.id, name);
    await expect(outPanel.getByRole("heading", { name: `Nothing sent to ${name}` })).toBeVisible();
    const outSteps = outPanel.getByRole("list", { name: "Provisioning steps" });
    await expect(outSteps.getByRole("heading", { name: /1\. Scope: out of scope/ })).toBeVisible();
    await expect(outSteps).toContainText(`Lacks the provisioning role "${role.name}"`);
    await expect(outSteps).toContainText("never provisioned there: nothing is sent");
    await expect(outSteps).toContainText("No request sent.");
    await expect(outSteps).toContainText("No remote id stored for this connection.");
    expect(await findOnB(outOfScope.userName)).toEqual([]);
  } finally {
    // B goes away after this file; without the connection, later changes in A are not queued for it
    await call(page, "delete", `/identity-providers/${connectionId}`);
  }
});
