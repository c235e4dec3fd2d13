import { z } from "zod";
import { ConnectorError } from "../types.ts";
import type { ScimAuthSettings } from "./config.ts";
import { fetchExchange, httpError, type FetchLike } from "./http.ts";

export interface AuthProvider {
  /** the Authorization header value for the next request */
  authorization(): Promise<string>;
  /** called after a 401: forget `used` so the next authorization() fetches a fresh one; false when nothing can change */
  invalidate(used: string): boolean;
}

/** RFC 7617: user-pass in UTF-8, base64-encoded. */
export function basicCredentials(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

export function basicAuth(username: string, password: string): AuthProvider {
  const header = basicCredentials(username, password);
  return { authorization: async () => header, invalidate: () => false };
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // some servers send it as a string
  expires_in: z.coerce.number().positive().optional(),
});

/** Refresh this long before the stated expiry (but at most a tenth of the lifetime), so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;

export interface ClientCredentialsSettings {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  scope?: string | undefined;
  timeoutMs: number;
  fetch?: FetchLike | undefined;
  now?: () => number;
}

/** RFC 6749 section 2.3.1: client id and secret are form-encoded before they go into the Basic header. */
function formEncode(s: string) {
  return new URLSearchParams({ s }).toString().slice(2);
}

/**
 * OAuth 2.0 client credentials grant (RFC 6749 section 4.4) with the client authenticated by HTTP Basic. The
 * token is shared by all calls of the connector and fetched once even when many calls need it at the same time.
 */
export function clientCredentialsAuth(settings: ClientCredentialsSettings): AuthProvider {
  const now = settings.now ?? Date.now;
  let cached: { header: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (settings.scope) form.set("scope", settings.scope);
    const secrets = [settings.clientSecret];
    const exchange = await fetchExchange(
      {
        method: "POST",
        url: settings.tokenEndpoint,
        headers: {
          authorization: basicCredentials(formEncode(settings.clientId), formEncode(settings.clientSecret)),
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        timeoutMs: settings.timeoutMs,
        secrets,
        fetch: settings.fetch,
      },
      "token request",
    );
    if (!exchange.ok) {
      const err = httpError(exchange, "token request", secrets);
      // a 404 or 409 here says nothing about the user or group: it must not read as "already gone" or "exists"
      const { notFound: _n, conflict: _c, ...options } = err.options;
      if (options.retryable) throw new ConnectorError(err.message, options);
      // a refused client (400 invalid_client, 401) is a settings problem: say where to look
      throw new ConnectorError(`${err.message}; check the token endpoint, client id, client secret and scope`, options);
    }
    let json: unknown;
    try {
      json = JSON.parse(exchange.text);
    } catch {
      throw new ConnectorError(`token endpoint ${new URL(settings.tokenEndpoint).host} returned malformed JSON`, {
        httpStatus: exchange.status,
        retryable: false,
        request: exchange.request,
        response: exchange.response,
      });
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success || (parsed.data.token_type && parsed.data.token_type.toLowerCase() !== "bearer")) {
      const why = parsed.success ? `token_type "${parsed.data.token_type}" is not Bearer` : "no access_token in the answer";
      throw new ConnectorError(`token endpoint ${new URL(settings.tokenEndpoint).host} returned an unusable token: ${why}`, {
        httpStatus: exchange.status,
        retryable: false,
        request: exchange.request,
        response: exchange.response,
      });
    }
    const lifetime = parsed.data.expires_in === undefined ? Infinity : parsed.data.expires_in * 1000;
    const header = `Bearer ${parsed.data.access_token}`;
    // without expires_in the token is kept until the resource server answers 401
    cached = { header, expiresAt: now() + lifetime - Math.min(EXPIRY_MARGIN_MS, lifetime / 10) };
    return header;
  }

  return {
    async authorization() {
      if (cached && now() < cached.expiresAt) return cached.header;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(used) {
      if (cached?.header === used) cached = undefined;
      return true;
    },
  };
}

export function authFor(config: ScimAuthSettings & { scope?: string | undefined; timeoutMs: number }, deps: { fetch?: FetchLike | undefined; now?: () => number }): AuthProvider {
  if (config.authType === "basic") return basicAuth(config.username ?? "", config.password ?? "");
  return clientCredentialsAuth({
    tokenEndpoint: config.tokenEndpoint ?? "",
    clientId: config.clientId ?? "",
    clientSecret: config.clientSecret ?? "",
    scope: config.scope,
    timeoutMs: config.timeoutMs,
    fetch: deps.fetch,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
