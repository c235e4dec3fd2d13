import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

/**
 * A plain `oidc-provider` instance, not Provisio: the OpenID Connect provider a federation test signs in
 * through. Its interaction signs in the account the test names at once, and every client is granted the scopes
 * it asks for, so the flow runs without pages; claims beyond `sub` come from the userinfo endpoint, as
 * oidc-provider serves them by default.
 */
export interface StandaloneProvider {
  issuer: string;
  /** the account the next sign-in is for, and each account's claims */
  signInAs: string;
  accounts: Map<string, Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startStandaloneProvider(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<StandaloneProvider> {
  const server: Server = createServer((req, res) => {
    const uid = req.url?.match(/^\/interaction\/([^/?]+)/)?.[1];
    if (uid) {
      void provider.interactionFinished(req, res, { login: { accountId: standalone.signInAs } }, { mergeWithLastSubmission: false }).catch((err) => res.writeHead(500).end(String(err)));
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standalone: StandaloneProvider = {
    issuer,
    signInAs: "",
    accounts: new Map(),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const configuration: Configuration = {
    clients: [{ client_id: client.clientId, client_secret: client.clientSecret, redirect_uris: [client.redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
    claims: { openid: ["sub"], profile: ["name", "given_name", "family_name", "preferred_username"], email: ["email", "email_verified"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid profile email");
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, id) {
      const claims = standalone.accounts.get(id);
      return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
    },
    cookies: { keys: ["standalone-provider-cookie-key"] },
    jwks: { keys: [{ ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "standalone", alg: "RS256", use: "sig" }] as never },
  };
  const provider = new Provider(issuer, configuration);
  return standalone;
}
