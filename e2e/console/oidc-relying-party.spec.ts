import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";
import { createUser, expect, signIn, signInAsAdmin, test, uniqueName } from "./helpers.ts";

const SCOPE = "openid profile email";

const escapeHtml = (s: unknown) => String(s ?? "").replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function respond(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

interface RelyingParty {
  origin: string;
  callbackUrl: string;
  /** The client this relying party signs in with, known only once it is registered in Provisio. */
  useClient(issuer: string, clientId: string, clientSecret: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A relying party as an application developer would write one with openid-client: the browser only ever sees
 * redirects, and the code is redeemed server to server, so the flow is checked the way real clients use it.
 */
async function startRelyingParty(): Promise<RelyingParty> {
  let config: oidc.Configuration | undefined;
  // what each pending sign-in must be finished with, found again by the state the provider echoes back
  const pending = new Map<string, { verifier: string; nonce: string }>();
  let origin = "";
  const callbackUrl = () => `${origin}/callback`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin);
    if (!config) return respond(res, 503, "Not configured", "<p>No client registered yet</p>");

    if (url.pathname === "/login") {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      pending.set(state, { verifier, nonce });
      const authorize = oidc.buildAuthorizationUrl(config, {
        redirect_uri: callbackUrl(),
        scope: SCOPE,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      res.writeHead(302, { location: authorize.href }).end();
      return;
    }

    if (url.pathname === "/callback") {
      const state = url.searchParams.get("state") ?? "";
      const session = pending.get(state);
      if (!session) return respond(res, 400, "Unknown sign-in", "<p>This sign-in was not started here</p>");
      pending.delete(state);
      try {
        const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: session.verifier, expectedState: state, expectedNonce: session.nonce, idTokenExpected: true });
        const claims = tokens.claims();
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims!.sub);
        return respond(res, 200, "Signed in", `<h1>Signed in as ${escapeHtml(info.preferred_username)}</h1><p>Email: <span id="email">${escapeHtml(info.email)}</span></p>`);
      } catch (err) {
        if (err instanceof oidc.AuthorizationResponseError) {
          return respond(res, 200, "Sign-in refused", `<h1>Sign-in refused</h1><p>error=<code id="error">${escapeHtml(err.error)}</code></p>`);
        }
        // shown on the page so a failing run says why in its screenshot and trace
        return respond(res, 500, "Sign-in failed", `<h1>Sign-in failed</h1><pre>${escapeHtml((err as Error).stack ?? err)}</pre>`);
      }
    }
    respond(res, 404, "Not found", "<p>Not found</p>");
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) respond(res, 500, "Error", `<pre>${escapeHtml((err as Error).stack ?? err)}</pre>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    callbackUrl: callbackUrl(),
    async useClient(issuer, clientId, clientSecret) {
      // Provisio runs on plain http in these tests
      config = await oidc.discovery(new URL(issuer), clientId, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

test("authorization_code flow of a test relying party completes through Provisio's sign-in page", async ({ page, browser, baseURL }) => {
  // two complete sign-ins on top of the console setup
  test.slow();
  const rp = await startRelyingParty();
  try {
    await signInAsAdmin(page);
    const user = { userName: uniqueName("rp.user"), givenName: "Rita", familyName: "Party", password: "Rp-Password-1" };
    const email = `${user.userName}@example.com`;
    await createUser(page, { ...user, email });

    // the relying party as a web application
    const name = uniqueName("Relying party");
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Applications", exact: true }).click();
    await page.getByRole("link", { name: "New application" }).click();
    await expect(page).toHaveURL(/\/applications\/new$/);
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type").selectOption("web");
    await expect(page.getByLabel("Authorization code")).toBeChecked();
    await expect(page.getByLabel("Refresh token")).toBeChecked();
    await page.getByLabel("Redirect URIs", { exact: true }).fill(rp.callbackUrl);
    const scopes = page.getByRole("group", { name: "OIDC scopes" });
    for (const scope of SCOPE.split(" ")) await scopes.getByLabel(scope, { exact: true }).check();
    // openid-client authenticates with client_secret_post unless told otherwise; the provider holds a client to
    // the method it registered
    await page.getByLabel("Token endpoint authentication").selectOption("client_secret_post");
    await page.getByRole("button", { name: "Create application" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Application ${name} created` })).toBeVisible();
    const clientId = (await page.getByTestId("client-id").textContent())?.trim() ?? "";
    const clientSecret = (await page.getByTestId("client-secret").textContent())?.trim() ?? "";
    expect(clientId).not.toBe("");
    expect(clientSecret).not.toBe("");
    await rp.useClient(baseURL!, clientId, clientSecret);

    // Allow: signed in at the relying party as that user. A context of its own, so the console's session plays no part.
    const allowContext = await browser.newContext();
    try {
      const visitor = await allowContext.newPage();
      await visitor.goto(`${rp.origin}/login`);
      await expect(visitor).toHaveURL((url) => url.origin === new URL(baseURL!).origin && url.pathname === "/signin" && url.searchParams.has("interaction"));
      await expect(visitor.getByText("Sign in to continue to the application")).toBeVisible();
      await signIn(visitor, user, { open: false });
      await expect(visitor).toHaveURL((url) => url.pathname === "/consent" && url.searchParams.has("interaction"));
      await expect(visitor.getByTestId("consent-client")).toHaveText(name);
      await expect(visitor.getByText("See your email address")).toBeVisible();
      await visitor.getByRole("button", { name: "Allow" }).click();
      await expect(visitor).toHaveURL((url) => url.origin === rp.origin && url.pathname === "/callback");
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(`Signed in as ${user.userName}`);
      await expect(visitor.locator("#email")).toHaveText(email);
    } finally {
      await allowContext.close();
    }

    // Deny: the relying party is told access_denied, with no code to redeem
    const denyContext = await browser.newContext();
    try {
      const visitor = await denyContext.newPage();
      await visitor.goto(`${rp.origin}/login`);
      await expect(visitor).toHaveURL((url) => url.pathname === "/signin" && url.searchParams.has("interaction"));
      await signIn(visitor, user, { open: false });
      await expect(visitor.getByTestId("consent-client")).toHaveText(name);
      await visitor.getByRole("button", { name: "Deny" }).click();
      await expect(visitor).toHaveURL((url) => url.origin === rp.origin && url.pathname === "/callback" && url.searchParams.get("error") === "access_denied" && !url.searchParams.has("code"));
      await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Sign-in refused");
      await expect(visitor.locator("#error")).toHaveText("access_denied");
    } finally {
      await denyContext.close();
    }
  } finally {
    await rp.close();
  }
});
