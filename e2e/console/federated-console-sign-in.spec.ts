import { startFakeOidcIdp, type FakeOidcIdp } from "../../test/support/fake-oidc-idp.ts";
import { adminApi, expect, test, uniqueName } from "./helpers.ts";

// The identity provider the console's users sign in through: it signs in whoever the test sets, at once.
let idp: FakeOidcIdp;
const OIDC = "T3BlbklEQ29ubmVjdEF1dGhlbnRpY2F0b3I";

test.beforeAll(async () => {
  idp = await startFakeOidcIdp();
});
test.afterAll(async () => {
  await idp?.stop();
});

/** A connection to the fake provider whose "admins" group maps to the admin role, so its users may use the console. */
async function connection(baseURL: string, scheme: string) {
  const name = uniqueName("Corporate IdP");
  await adminApi(baseURL, "POST", "/identity-providers", {
    name,
    federatedAuthenticators: {
      authenticators: [
        {
          authenticatorId: OIDC,
          isEnabled: true,
          properties: [
            { key: "ClientId", value: idp.clientId },
            { key: "ClientSecret", value: idp.clientSecret },
            { key: "DiscoveryUrl", value: idp.discoveryUrl },
          ],
        },
      ],
    },
    claims: { roleClaim: { uri: "groups" } },
    roles: { mappings: [{ idpRole: "admins", localRole: "admin" }] },
    provisioning: { jit: { isEnabled: true, scheme } },
  });
  return name;
}

test("an administrator signs in to the console through a federated identity provider, created silently", async ({ page, baseURL }) => {
  const name = await connection(baseURL!, "PROVISION_SILENTLY");
  const userName = uniqueName("fed.admin");
  idp.profile = { sub: `sub-${userName}`, preferred_username: userName, given_name: "Fe", family_name: "Derated", groups: ["admins"] };

  await page.goto("/signin");
  await page.getByRole("link", { name: `Sign in with ${name}` }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(userName);

  // the user list says where the user came from
  await page.goto(`/users?filter=${encodeURIComponent(userName)}`);
  await expect(page.getByRole("link", { name: userName })).toBeVisible();
});

test("the prompts of a federated sign-in check each answer before the account is created", async ({ page, baseURL }) => {
  const name = await connection(baseURL!, "PROMPT_USERNAME_PASSWORD_CONSENT");
  idp.profile = { sub: uniqueName("sub"), preferred_username: uniqueName("proposed"), email: "prompted@idp.example", groups: ["admins"] };

  await page.goto("/signin");
  await page.getByRole("link", { name: `Sign in with ${name}` }).click();
  await expect(page).toHaveURL(/\/signin\/federated\?ticket=/);
  await expect(page.getByText(`Create your account from ${name}`)).toBeVisible();
  await expect(page.getByText("prompted@idp.example")).toBeVisible();

  // the browser itself asks for consent before the form goes
  const chosen = uniqueName("chosen");
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill("long enough 1");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Create account and continue" }).click();
  await expect(page.getByRole("alert").filter({ hasText: '"admin" is already taken' })).toBeVisible();

  await page.getByLabel("User name").fill(chosen);
  await page.getByLabel("Password").fill("long enough 1");
  await page.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Create account and continue" }).click();
  await expect(page).toHaveURL(/^https?:\/\/[^/]+\/$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(chosen);
});

test("a federated sign-in the identity provider refuses ends on a page that says so", async ({ page, baseURL }) => {
  const name = await connection(baseURL!, "PROVISION_SILENTLY");
  idp.misbehave = { authorizeError: "access_denied" };
  try {
    await page.goto("/signin");
    await page.getByRole("link", { name: `Sign in with ${name}` }).click();
    await expect(page).toHaveURL(/\/signin\/failed/);
    await expect(page.getByRole("alert").filter({ hasText: 'The identity provider answered "access_denied"' })).toBeVisible();
    await page.getByRole("link", { name: "Back to sign-in" }).click();
    await expect(page.getByLabel("User name")).toBeVisible();
  } finally {
    idp.misbehave = {};
  }
});
