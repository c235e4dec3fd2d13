import { ConnectorError } from "../types.ts";
import { networkError } from "../scim2/http.ts";
import { responseSummary, summariseBody } from "../scim2/redact.ts";
import { DIRECTORY_SCOPES } from "./config.ts";

/** What a failure message needs to say where to look. */
export interface FailureContext {
  /** "create user", "add member", ... */
  what: string;
  /** the URL token requests went to: a failure there is about the service account, never about the object */
  tokenUrl: string;
  adminEmail: string;
  domain: string;
  /** the service account's OAuth client ID, the one domain-wide delegation names */
  clientId?: string | undefined;
  timeoutMs: number;
  /** the request as the log shows it */
  request: string;
  secrets: readonly (string | undefined)[];
}

/** A 2xx answer of the token endpoint that holds no access token (a proxy's page, a broken endpoint). */
export class UnusableTokenAnswer extends Error {
  constructor(
    readonly status: number,
    readonly data: unknown,
  ) {
    super("the token endpoint's answer holds no access_token");
  }
}

/** The parts of a GaxiosError (the error type of Google's clients) read here; duck-typed, as the library may be loaded twice. */
interface HttpFailure {
  message?: unknown;
  code?: unknown;
  config?: { url?: unknown; method?: unknown };
  response?: { status?: unknown; statusText?: unknown; data?: unknown; headers?: { get?: (name: string) => string | null } };
}

/** Google's error body: `{"error": {"code", "message", "errors": [{"reason"}]}}`; the token endpoint's: `{"error", "error_description"}`. */
function googleError(data: unknown): { message?: string; reason?: string; oauthError?: string } {
  let body = data;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (!body || typeof body !== "object") return {};
  const error = (body as Record<string, unknown>).error;
  const description = (body as Record<string, unknown>).error_description;
  if (typeof error === "string") return { oauthError: error, ...(typeof description === "string" ? { message: description } : {}) };
  if (!error || typeof error !== "object") return {};
  const e = error as { message?: unknown; errors?: unknown; status?: unknown };
  const first = Array.isArray(e.errors) ? (e.errors[0] as { reason?: unknown } | undefined) : undefined;
  const reason = typeof first?.reason === "string" ? first.reason : typeof e.status === "string" ? e.status : undefined;
  return { ...(typeof e.message === "string" ? { message: e.message } : {}), ...(reason ? { reason } : {}) };
}

// Google answers rate limits of the Directory API with 403 as often as with 429
const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "RESOURCE_EXHAUSTED"]);

const urlOf = (u: unknown) => (u instanceof URL ? u.href : typeof u === "string" ? u : "");
const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function delegationHint(ctx: FailureContext) {
  const client = ctx.clientId ? `client ID ${ctx.clientId}` : "the service account's client ID";
  return `domain-wide delegation (Google Admin console › Security › Access and data control › API controls › Domain-wide delegation) must list ${client} with the scopes ${DIRECTORY_SCOPES.join(",")}`;
}

/** Why Google's token endpoint refused the service account's assertion, and what to check. */
function tokenRefusalHint(oauthError: string | undefined, description: string, ctx: FailureContext): string {
  if (oauthError === "unauthorized_client") return `domain-wide delegation is missing or lacks a scope: ${delegationHint(ctx)}`;
  if (oauthError === "invalid_grant" && /email|user id/i.test(description)) {
    return `check the administrator's email (${ctx.adminEmail}): it must be an existing administrator of ${ctx.domain}`;
  }
  if (oauthError === "invalid_grant" && /signature/i.test(description)) {
    return "the service account key was deleted or does not belong to this account: create a new JSON key and save it in the connector";
  }
  if (oauthError === "invalid_grant" && /\b(iat|exp|timeframe)\b/i.test(description)) return "check this server's clock: Google refuses assertions from a clock that is off";
  return `check the service account key, the administrator's email (${ctx.adminEmail}) and that ${delegationHint(ctx)}`;
}

function statusText(status: number, response: HttpFailure["response"]) {
  return `HTTP ${status}${typeof response?.statusText === "string" && response.statusText ? ` ${response.statusText}` : ""}`;
}

function summaryOf(response: HttpFailure["response"], status: number, secrets: readonly (string | undefined)[]) {
  const data = response?.data;
  const text = data === undefined || data === null || data === "" ? "" : typeof data === "string" ? data : JSON.stringify(data);
  return responseSummary(status, typeof response?.statusText === "string" ? response.statusText : "", text, secrets);
}

/**
 * A failed call of Google's client as a ConnectorError. No answer at all (refused, DNS, TLS, timeout) and
 * 408/429/5xx are transient. The token endpoint's refusals (400, 401, 403) mean the key, the administrator or the
 * delegation is wrong: no retry helps, and the message says which to check. At the Directory API, 401/403 are
 * settings problems too, except a 403 for a rate limit; 404 lets the engine re-create or call a delete done,
 * 409 lets it link; other 4xx refuse the object as sent.
 */
export function googleFailure(err: unknown, ctx: FailureContext): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof UnusableTokenAnswer) {
    const response = summaryOf({ data: err.data }, err.status, ctx.secrets);
    return new ConnectorError(
      `${ctx.what}: Google's token endpoint (${hostOf(ctx.tokenUrl)}) answered HTTP ${err.status} without an access token (check the key's token_uri and any proxy on the way)`,
      {
        httpStatus: err.status,
        retryable: false,
        request: `POST ${ctx.tokenUrl} (token request for ${ctx.adminEmail})`,
        response,
      },
    );
  }
  const e = (err && typeof err === "object" ? err : {}) as HttpFailure;
  const url = urlOf(e.config?.url);
  const atTokenEndpoint = url !== "" && url.split("?")[0] === ctx.tokenUrl;
  const status = typeof e.response?.status === "number" ? e.response.status : undefined;
  const request = atTokenEndpoint ? `POST ${ctx.tokenUrl} (token request for ${ctx.adminEmail})` : ctx.request;

  if (status === undefined) {
    // a GaxiosError without a response: the request got no HTTP answer
    if (e.config) {
      const timedOut = e.code === "TimeoutError" || e.code === "AbortError";
      const failure = networkError(
        timedOut ? { name: "TimeoutError" } : err,
        { method: "", url: url || ctx.request, timeoutMs: ctx.timeoutMs },
        request,
        atTokenEndpoint ? `${ctx.what}: token request` : ctx.what,
      );
      return failure;
    }
    // no HTTP at all: the key could not sign, or the library refused its own input
    const message = summariseBody(err instanceof Error ? err.message : String(err), ctx.secrets).slice(0, 300);
    return new ConnectorError(`${ctx.what}: Google's client failed before sending: ${message}`, { retryable: false, request, response: "" });
  }

  const { message, reason, oauthError } = googleError(e.response?.data);
  const said = summariseBody([oauthError, message].filter(Boolean).join(": ") || "", ctx.secrets).slice(0, 300);
  const response = summaryOf(e.response, status, ctx.secrets);
  const retryAfter = e.response?.headers?.get?.("retry-after");
  const transient = status === 408 || status === 429 || status >= 500;
  const base = `${ctx.what}: ${atTokenEndpoint ? "Google's token endpoint" : "Google"} (${hostOf(url)}) answered ${statusText(status, e.response)}${said ? ` (${said}${reason && !said.includes(reason) ? `, ${reason}` : ""})` : ""}`;

  if (transient || (status === 403 && reason && RATE_LIMIT_REASONS.has(reason))) {
    return new ConnectorError(`${base}${retryAfter ? `, retry after ${retryAfter}` : ""}`, { httpStatus: status, retryable: true, request, response });
  }
  if (atTokenEndpoint) {
    // never notFound or conflict: a token failure says nothing about the user or group
    return new ConnectorError(`${base}; the service account could not sign in as ${ctx.adminEmail}: ${tokenRefusalHint(oauthError, message ?? "", ctx)}`, {
      httpStatus: status,
      retryable: false,
      request,
      response,
    });
  }
  if (status === 401) {
    return new ConnectorError(`${base}; Google refused the service account's access token: check the service account key and that ${delegationHint(ctx)}`, {
      httpStatus: status,
      retryable: false,
      request,
      response,
    });
  }
  if (status === 403) {
    return new ConnectorError(
      `${base}; Google denied ${ctx.adminEmail} this request: check that it is a super administrator of ${ctx.domain} (or holds the user and group management privileges), that the Admin SDK API is enabled in the service account's Google Cloud project, and that ${delegationHint(ctx)}`,
      { httpStatus: status, retryable: false, request, response },
    );
  }
  return new ConnectorError(base, {
    httpStatus: status,
    retryable: false,
    ...(status === 404 ? { notFound: true } : {}),
    ...(status === 409 ? { conflict: true } : {}),
    request,
    response,
  });
}

/** A 2xx answer whose body is not what the operation needs: a misbehaving remote or proxy, which a retry would not mend. */
export function unexpectedAnswer(what: string, status: number, issue: string, request: string, response: string): ConnectorError {
  return new ConnectorError(`${what}: Google returned an unexpected response (HTTP ${status}): ${issue}`, { httpStatus: status, retryable: false, request, response });
}
