import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { adminApi, expect, signInAsAdmin, test, uniqueName } from "./helpers.ts";

// The console's view of provisioning: the home page, the connections list, the notice after a change a blocking
// provisioner could not deliver, and the activity page's open failures and full-width request view.

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A SCIM 2.0 target that takes everything except the objects whose name is in `refused`, which it answers 401. */
const refused = new Set<string>();
let target: Server;
let TARGET = "";

async function body(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : {};
}

const prefix = uniqueName("hc");
const connectionName = uniqueName("Health target");
const names = { ok: `${prefix}-ok`, refused: `${prefix}-refused`, resolved: `${prefix}-resolved` };
let connectionId = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  target = createServer(async (req, res) => {
    const sent = await body(req).catch((): Json => ({}));
    const name = String(sent.userName ?? sent.displayName ?? "");
    res.setHeader("content-type", "application/scim+json");
    if (req.method === "POST" && refused.has(name)) {
      res.writeHead(401);
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401", detail: "credentials refused" }));
    } else if (req.method === "POST") {
      res.writeHead(201);
      res.end(JSON.stringify({ ...sent, id: `remote-${Math.random().toString(36).slice(2)}` }));
    } else if (req.method === "DELETE") {
      res.writeHead(204);
      res.end();
    } else if (req.method === "GET") {
      res.writeHead(200);
      res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 0, Resources: [] }));
    } else {
      res.writeHead(200);
      res.end(JSON.stringify({ ...sent, id: req.url?.split("/").pop() }));
    }
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  TARGET = `http://127.0.0.1:${(target.address() as AddressInfo).port}/scim2`;

  connectionId = (await adminApi(baseURL!, "POST", "/identity-providers", { name: connectionName })).id;
  const connector = await adminApi(baseURL!, "PUT", `/identity-providers/${connectionId}/connectors/scim2`, {
    config: { userEndpoint: `${TARGET}/Users`, groupEndpoint: `${TARGET}/Groups`, authType: "basic", username: "svc", password: "Target-Secret-1" },
  });
  // blocking, so the console's changes wait for this target; users other tests create meanwhile are not sent here
  await adminApi(baseURL!, "POST", "/resident-application/outbound-provisioning", { connectorId: connector.id, blocking: true, rulesEnabled: true, rule: `userName sw "${prefix}"` });

  // one user delivered, one refused for good, one refused then retried by hand and delivered (a resolved failure)
  refused.add(names.refused).add(names.resolved);
  for (const userName of Object.values(names)) await adminApi(baseURL!, "POST", "/users", { domain: "PRIMARY", userName });
  refused.delete(names.resolved);
  const failed = await adminApi(baseURL!, "GET", `/provisioning/attempts?search=${names.resolved}&connectionId=${connectionId}`);
  await adminApi(baseURL!, "POST", "/provisioning/retry", { seqs: [failed.items[0].eventSeq] });
  await expect.poll(async () => (await adminApi(baseURL!, "GET", `/provisioning/attempts?id=${failed.items[0].id}`)).items[0].resolved, { message: "the retried change delivered" }).toBe(true);
});

test.afterAll(async ({ baseURL }) => {
  if (connectionId) await adminApi(baseURL!, "DELETE", `/identity-providers/${connectionId}`);
  await new Promise((resolve) => target.close(resolve));
});

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test("the home page counts what the server holds, charts each connection's day and links open failures to their attempt", async ({ page, baseURL }) => {
  const users = (await adminApi(baseURL!, "GET", "/users?count=1")).totalResults as number;
  await expect(page).toHaveTitle("Overview · Provisio");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId("count-users").textContent())).toBeGreaterThanOrEqual(users);
  for (const id of ["groups", "roles", "applications"]) await expect(page.getByTestId(`count-${id}`)).toHaveText(/^\d+$/);
  expect(Number(await page.getByTestId("count-connections").textContent())).toBeGreaterThanOrEqual(1);
  await page.getByTestId("count-users").click();
  await expect(page).toHaveURL(/\/users$/);
  await page.goto("/");

  const card = page.getByRole("article", { name: `Health of ${connectionName}` });
  await expect(card.getByRole("link", { name: connectionName })).toHaveAttribute("href", `/connections/${connectionId}`);
  // ok and resolved delivered; refused and resolved's first try failed (refused may still be retried, failing again)
  expect(Number(await card.getByTestId("health-successes").textContent())).toBeGreaterThanOrEqual(2);
  expect(Number(await card.getByTestId("health-failures").textContent())).toBeGreaterThanOrEqual(2);
  // the figures are the server's: the same as the endpoint's
  const serverHealth = async () => (await adminApi(baseURL!, "GET", "/provisioning/health")).connections.find((c: Json) => c.connectionId === connectionId);
  await expect
    .poll(async () => `${await card.getByTestId("health-dead-letters").textContent()}/${await card.getByTestId("health-queue").textContent()}`)
    .toBe(await serverHealth().then((h) => `${h.openDeadLetters}/${h.queueDepth}`));
  const chart = card.getByRole("img", { name: new RegExp(`^${connectionName}, last 24 hours: \\d+ delivered, \\d+ failed, \\d+ dead letters; \\d+ queued now$`) });
  await expect(chart).toBeVisible();
  const hours = chart.getByTestId("health-hour");
  await expect(hours).toHaveCount(24);
  expect(Number(await hours.last().getAttribute("data-failures"))).toBeGreaterThanOrEqual(2);
  expect(Number(await hours.last().getAttribute("data-successes"))).toBeGreaterThanOrEqual(2);

  const failures = page.getByRole("table", { name: "Recent failures" });
  await expect(failures.getByRole("row").filter({ hasText: names.resolved })).toHaveCount(0);
  const row = failures.getByRole("row").filter({ hasText: names.refused }).first();
  await expect(row).toContainText("credentials refused");
  await row.getByRole("link", { name: `View the attempt for ${names.refused} at ${connectionName}` }).click();

  await expect(page).toHaveURL(/\/provisioning-activity\?attempt=/);
  await expect(page.getByText("Showing one attempt.")).toBeVisible();
  const attempts = page.getByRole("table", { name: "Provisioning attempts" });
  await expect(attempts.getByRole("row").filter({ hasText: names.refused }).first()).toContainText(/dead|retrying/);
  const request = page.getByRole("region", { name: "Request" });
  await expect(request).toContainText(`"userName": "${names.refused}"`);
  await expect(page.getByRole("region", { name: "Response" })).toContainText(`"detail": "credentials refused"`);
  await page.getByRole("button", { name: "Show all attempts" }).click();
  await expect(page.getByText("Showing one attempt.")).toHaveCount(0);
  await expect(page).toHaveURL(/\/provisioning-activity$/);
});

test("the connections list shows each connection's provisioning health", async ({ page }) => {
  await page.goto("/connections");
  await expect(page).toHaveTitle("Connections · Provisio");
  const row = page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ hasText: connectionName });
  const health = row.getByTestId("connection-health");
  // refused is a dead letter now, or a failure retried until it is one
  await expect(health).toContainText(/dead letters? to retry|Failing at times/);
  await expect(health).toContainText(/Last success/);
  await expect(health).toContainText(/\d+ failures and \d+ dead letters? in 24 h/);
});

test("a group the blocking target refuses is saved, and the notice says it is dead and links to the attempt", async ({ page }) => {
  const group = `${prefix}-refused-group`;
  refused.add(group);
  await page.goto("/groups/new");
  await expect(page).toHaveTitle("New group · Groups · Provisio");
  await page.getByLabel("Group name").fill(group);
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Group ${group} created` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: group })).toBeVisible();
  await expect(page).toHaveTitle(`${group} · Groups · Provisio`);
  const notice = page.getByRole("alert").filter({ hasText: "Saved here, but" });
  await expect(notice).toContainText(`${connectionName}: failed (`);
  await expect(notice).toContainText("401");
  const line = notice.getByRole("listitem").filter({ hasText: connectionName });
  await expect(line).toContainText(/; (dead, needs a manual retry|will be retried at [^;]+) View attempt$/);
  // what the notice says is what the log says
  const status = (await line.textContent())!.includes("dead, needs a manual retry") ? "dead" : "retrying";
  await line.getByRole("link", { name: "View attempt" }).click();
  await expect(page).toHaveURL(/\/provisioning-activity\?attempt=/);
  const row = page.getByRole("table", { name: "Provisioning attempts" }).getByRole("row").filter({ hasText: group }).first();
  await expect(row).toContainText("Group");
  await expect(row).toContainText(status);
  await expect(page.getByRole("region", { name: "Request" })).toContainText(`"displayName": "${group}"`);
});

test("the Failed filter shows open failures unless asked for resolved ones, and a request opens across the whole table, formatted, with copy buttons", async ({ page }) => {
  await page.goto("/provisioning-activity");
  await expect(page).toHaveTitle("Provisioning activity · Provisio");
  const attempts = page.getByRole("table", { name: "Provisioning attempts" });
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Failed (retrying or dead)" });
  await page.getByLabel("Object").fill(names.resolved);
  await expect(attempts.getByText("No provisioning attempts match these filters.")).toBeVisible();
  await page.getByLabel("Include resolved failures").check();
  const resolvedRow = attempts.getByRole("row").filter({ hasText: names.resolved }).first();
  await expect(resolvedRow).toContainText(/dead|retrying/);
  await expect(resolvedRow).toContainText("resolved");

  await page.getByLabel("Include resolved failures").uncheck();
  await page.getByLabel("Object").fill(names.refused);
  // the user's rows, not those of the group named after it
  const open = attempts
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: names.refused, exact: true }) })
    .first();
  await expect(open).toContainText(/dead|retrying/);
  await expect(open).not.toContainText("resolved");

  const toggle = open.getByRole("button", { name: `Request and response of ${names.refused} at ${connectionName}` });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const request = page.getByRole("region", { name: "Request" });
  await expect(request).toContainText(`POST ${TARGET}/Users`);
  await expect(request).toContainText(`\n  "userName": "${names.refused}"`);
  await expect(request.getByRole("button", { name: "Copy request" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Response" }).getByRole("button", { name: "Copy response" })).toBeVisible();
  // full width: the row below spans the table instead of a narrow column
  const tableBox = (await attempts.boundingBox())!;
  const requestBox = (await request.boundingBox())!;
  const responseBox = (await page.getByRole("region", { name: "Response" }).boundingBox())!;
  expect(responseBox.x + responseBox.width - requestBox.x).toBeGreaterThan(tableBox.width * 0.8);
  await toggle.click();
  await expect(request).toHaveCount(0);
});
