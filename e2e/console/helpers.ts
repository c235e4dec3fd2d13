import { test as base, expect, type Page } from "@playwright/test";
import { removeDataDir, startProvisio, type ProvisioInstance } from "../support/provisio.ts";

/**
 * The base URL comes from the global setup, which picks the server's port at run time; reading it per test
 * keeps it right even where the config was evaluated before the setup ran.
 */
export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env.PROVISIO_E2E_BASE_URL;
    if (!url) throw new Error("PROVISIO_E2E_BASE_URL is not set: run through playwright.config.ts, whose global setup starts Provisio");
    await use(url);
  },
});
export { expect };

export const ADMIN = { userName: "admin", password: "admin" };

/**
 * The admin API with the admin's Basic credentials, for arranging what a test then looks at in the console (and
 * checking what it did); a refusal fails the test with the server's answer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers read the JSON they asked for
export async function adminApi<T = any>(baseURL: string | undefined, method: string, path: string, json?: unknown): Promise<T> {
  const res = await fetch(`${baseURL}/api/server/v1${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${ADMIN.userName}:${ADMIN.password}`).toString("base64")}`,
      accept: "application/json",
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Names unique across tests, workers and repeated runs against one database. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Signs in through the form on the current sign-in page, or opens it first. */
export async function signIn(page: Page, credentials = ADMIN, { open = true } = {}) {
  if (open) await page.goto("/signin");
  await page.getByLabel("User name").fill(credentials.userName);
  await page.getByLabel("Password").fill(credentials.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAsAdmin(page: Page) {
  await signIn(page);
  // the console's home page
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(ADMIN.userName);
}

export interface NewUser {
  userName: string;
  givenName?: string;
  familyName?: string;
  displayName?: string;
  email?: string;
  password?: string;
}

/** Creates a user through the New user form and returns its id, read from the page it lands on. */
export async function createUser(page: Page, user: NewUser): Promise<string> {
  await page.goto("/users/new");
  await page.getByLabel("User name").fill(user.userName);
  if (user.givenName) await page.getByLabel("First name").fill(user.givenName);
  if (user.familyName) await page.getByLabel("Last name").fill(user.familyName);
  if (user.displayName) await page.getByLabel("Display name").fill(user.displayName);
  if (user.email) await page.getByLabel("Email").fill(user.email);
  if (user.password) await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/users\/(?!new$)[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: user.userName })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/**
 * Creates a connection named `name` through the console, opens the connector wizard on its Outbound Provisioning
 * tab, chooses the connector type whose label matches `type` and goes on to its details; returns the wizard.
 */
export async function openConnectorWizard(page: Page, name: string, type: RegExp) {
  await page.goto("/connections/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create connection" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("tab", { name: "Outbound Provisioning" }).click();
  await page.getByRole("button", { name: "Add connector" }).click();
  const wizard = page.getByRole("dialog", { name: "Add outbound provisioning connector" });
  await wizard.getByRole("radio", { name: type }).check();
  await wizard.getByRole("button", { name: "Next" }).click();
  return wizard;
}

/**
 * A second, real Provisio for the tests of one file, started before them and removed after them: a provisioning
 * target whose users are checked through its own SCIM API.
 */
export function secondProvisio() {
  let instance: ProvisioInstance | undefined;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    instance = await startProvisio();
  });
  test.afterAll(async () => {
    if (!instance) return;
    await instance.stop();
    removeDataDir(instance.dataDir);
  });
  return {
    get baseUrl() {
      return instance!.baseUrl;
    },
    /** its users with this user name */
    async findUsers<T extends { id: string; userName: string }>(userName: string): Promise<T[]> {
      const url = `${instance!.baseUrl}/scim2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;
      const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}`, accept: "application/scim+json" } });
      if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { Resources?: T[] }).Resources ?? [];
    },
  };
}
