import { afterAll, beforeAll, expect } from "vitest";
import * as client from "openid-client";
import { OAuthBrowser, describeLanding, type Landing } from "../../support/oauth-browser";
import { startFakeOidcIdp, type FakeOidcIdp } from "@/test/support/fake-oidc-idp";
import { createApplication, unique, useOAuthServer, type Application, type OAuthServer } from "../oauth/setup";
import type { Dialect } from "../databases";

export { unique } from "../oauth/setup";

export const RP_REDIRECT = "https://rp.example.test/callback";
export const OIDC_AUTHENTICATOR_ID = "T3BlbklEQ29ubmVjdEF1dGhlbnRpY2F0b3I";

export interface FederationWorld {
  a: OAuthServer;
  idp: FakeOidcIdp;
  /** an application of A using authorization code + PKCE */
  rp: Application;
  rpConfig: client.Configuration;
}

/** Instance A (Provisio), a relying party application on it, and a fake OpenID Connect provider. */
export function useFederationWorld(dialect: Dialect): FederationWorld {
  const world = { a: useOAuthServer(dialect) } as FederationWorld;
  beforeAll(async () => {
    world.idp = await startFakeOidcIdp();
    world.rp = await createApplication(world.a.admin, {
      name: unique("Federated RP "),
      kind: "web",
      redirectUris: [RP_REDIRECT],
      scopes: ["openid", "profile", "email"],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    world.rpConfig = await client.discovery(new URL(world.a.server.baseUrl), world.rp.clientId, world.rp.clientSecret, undefined, { execute: [client.allowInsecureRequests] });
  });
  afterAll(async () => {
    await world.idp?.stop();
  });
  return world;
}

/** WSO2 IS 7's create body for a connection whose OpenID Connect authenticator points at `idp`. */
export function wso2ConnectionBody(name: string, idp: { discoveryUrl?: string; issuer: string; clientId: string; clientSecret: string }, extra: Record<string, unknown> = {}) {
  return {
    name,
    description: "federated test connection",
    federatedAuthenticators: {
      defaultAuthenticatorId: OIDC_AUTHENTICATOR_ID,
      authenticators: [
        {
          authenticatorId: OIDC_AUTHENTICATOR_ID,
          isEnabled: true,
          properties: [
            { key: "ClientId", value: idp.clientId },
            { key: "ClientSecret", value: idp.clientSecret },
            ...(idp.discoveryUrl ? [{ key: "DiscoveryUrl", value: idp.discoveryUrl }] : []),
            { key: "Scopes", value: "openid profile email" },
          ],
        },
      ],
    },
    idpIssuerName: idp.issuer,
    ...extra,
  };
}

export async function createFederatedConnection(world: FederationWorld, extra: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const name = unique("IDP-");
  const res = await world.a.admin.api("POST", "/api/server/v1/identity-providers", wso2ConnectionBody(name, world.idp, extra));
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id, name };
}

export async function authorizationRequest(world: FederationWorld, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(world.rpConfig, {
    redirect_uri: RP_REDIRECT,
    scope: "openid profile email",
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/**
 * An application's user chooses "Sign in with <connection>" on A's sign-in page: returns where the browser ends
 * (the application's callback, a prompt page, the failure page) and what it needs to finish.
 */
export async function signInThrough(world: FederationWorld, connectionId: string, browser = new OAuthBrowser()) {
  const request = await authorizationRequest(world);
  const signin = await browser.open(request.url);
  if (signin.kind !== "signin") throw new Error(`expected A's sign-in page, got ${describeLanding(signin)}`);
  const page = await (await browser.request(signin.url)).text();
  expect(page).toContain(`/commonauth/start?connection=${connectionId}&amp;interaction=${signin.interaction}`);
  const landing = await browser.navigate(new URL(`/commonauth/start?connection=${connectionId}&interaction=${signin.interaction}`, world.a.server.baseUrl));
  return { browser, request, landing };
}

/** Follows consent (allowing) to the application's callback and returns the subject A's ID token names. */
export async function subjectAtApplication(world: FederationWorld, browser: OAuthBrowser, landing: Landing, request: { verifier: string; state: string; nonce: string }): Promise<string> {
  let at = landing;
  if (at.kind === "consent") at = await browser.decide(at, true);
  if (at.kind !== "callback") throw new Error(`the sign-in did not return to the application: ${describeLanding(at)}`);
  const tokens = await client.authorizationCodeGrant(world.rpConfig, at.url, { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce });
  return tokens.claims()!.sub;
}

/** The prompt page's ticket, from the page the browser is on. */
export function promptTicket(landing: Landing): string {
  if (landing.kind !== "page" || landing.url.pathname !== "/signin/federated") throw new Error(`expected the JIT prompt page, got ${describeLanding(landing)}`);
  return landing.url.searchParams.get("ticket")!;
}

export function expectFailurePage(landing: Landing, reason: string) {
  expect(landing.kind, describeLanding(landing)).toBe("page");
  expect(landing.url.pathname, describeLanding(landing)).toBe("/signin/failed");
  expect(landing.url.searchParams.get("reason")).toBe(reason);
}
