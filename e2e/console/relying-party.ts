import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";

export const SCOPE = "openid profile email";

const escapeHtml = (s: unknown) => String(s ?? "").replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function respond(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

export interface RelyingParty {
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
export async function startRelyingParty(): Promise<RelyingParty> {
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
