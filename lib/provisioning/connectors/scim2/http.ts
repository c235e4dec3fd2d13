import { ConnectorError } from "../types.ts";
import { displayUrl, redactHeaders, requestSummary, responseSummary, summariseBody } from "./redact.ts";
import { isRecording, noteExchange } from "../exchange-recorder.ts";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
  timeoutMs: number;
  /** values to mask in the log summaries besides those under secret-looking keys */
  secrets: readonly (string | undefined)[];
  fetch?: FetchLike | undefined;
}

export interface Exchange {
  ok: boolean;
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  request: string;
  response: string;
  method: string;
  url: string;
  /** the body sent, to name the attribute a refusal is about (never logged from here) */
  sentBody?: string | undefined;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed temporarily",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
  UND_ERR_SOCKET: "connection closed by the remote",
  UND_ERR_CLOSED: "connection closed",
};

function errorCode(err: unknown): { code?: string; message?: string } {
  let e: unknown = err;
  // fetch wraps the socket error in `cause`; with several addresses (happy eyeballs) it is an AggregateError
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const o = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === "string") return { code: o.code, message: typeof o.message === "string" ? o.message : undefined };
    e = o.cause ?? (Array.isArray(o.errors) ? o.errors[0] : undefined);
  }
  return {};
}

function isTlsCode(code: string) {
  return /CERT|SSL|TLS|^UNABLE_TO_|^DEPTH_ZERO|^HOSTNAME_MISMATCH/.test(code);
}

/** OpenSSL messages carry addresses and source paths; the reason phrase is what helps. */
function tlsReason(message: string | undefined, code: string): string {
  if (!message || message === code) return "";
  const reason = /routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message.split("\n")[0]!;
  return ` (${reason.trim().slice(0, 160)})`;
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Why a request got no HTTP answer; always worth a retry, as hosts come back, certificates get renewed and DNS recovers. */
export function networkError(err: unknown, req: Pick<OutgoingRequest, "method" | "url" | "timeoutMs">, request: string, what: string): ConnectorError {
  const host = hostOf(req.url);
  const name = (err as { name?: unknown })?.name;
  let cause: string;
  if (name === "TimeoutError" || name === "AbortError") {
    cause = `no response from ${host} within ${req.timeoutMs} ms`;
  } else {
    const { code, message } = errorCode(err);
    if (code && isTlsCode(code)) cause = `TLS error talking to ${host}: ${code}${tlsReason(message, code)}`;
    else if (code && NETWORK_CAUSES[code]) cause = `${NETWORK_CAUSES[code]} (${code}) connecting to ${host}`;
    else cause = `could not reach ${host}: ${code ?? (err instanceof Error ? err.message : String(err))}`;
  }
  return new ConnectorError(`${what} failed: ${cause}`, { retryable: true, request, response: "" });
}

/**
 * Sends one request and reads the whole answer. Only transport failures throw here; HTTP statuses are for the
 * caller to judge (a 401 may be retried with a fresh token, a 404 may mean "already gone").
 */
export async function fetchExchange(req: OutgoingRequest, what: string): Promise<Exchange> {
  const request = requestSummary(req.method, req.url, req.body, req.secrets);
  const doFetch: FetchLike = req.fetch ?? ((input, init) => fetch(input, init));
  const started = performance.now();
  // a provision-now trace listens: it shows each request as the log does, with its headers masked
  const note = (answer: { status?: number; response: string; error?: string }) => {
    if (!isRecording()) return;
    const url = displayUrl(req.url);
    noteExchange({ method: req.method, url, headers: redactHeaders(req.headers, req.secrets), request, durationMs: Math.round(performance.now() - started), ...answer });
  };
  // a plain timer, cleared once the answer is read: AbortSignal.timeout costs every request a signal tracked until
  // collected and a timer that cannot be cleared, which showed in the engine's profile at hundreds of requests a second
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), req.timeoutMs);
  try {
    const res = await doFetch(req.url, {
      method: req.method,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      // following a redirect would turn a POST into a GET and could carry the credentials to another host
      redirect: "manual",
      signal: abort.signal,
    });
    const text = await res.text();
    const response = responseSummary(res.status, res.statusText, text, req.secrets);
    note({ status: res.status, response });
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
      text,
      request,
      response,
      method: req.method,
      url: req.url,
      sentBody: req.body,
    };
  } catch (err) {
    const failure = networkError(err, req, request, what);
    note({ response: "", error: failure.message });
    throw failure;
  } finally {
    clearTimeout(timer);
  }
}

/** What a remote said in a refusal: its text, its SCIM error type, and the attribute of the sent body it names. */
export interface RemoteRefusal {
  /** SCIM 2.0 `detail`, SCIM 1.1 `Errors[].description`, OAuth `error_description`, as the remote wrote it */
  detail?: string;
  /** RFC 7644 section 3.12 `scimType` (invalidValue, uniqueness, mutability, ...) or OAuth `error` */
  scimType?: string;
  /** the attribute of the request the detail names, when it names one */
  attribute?: string;
}

/** Attribute paths of a sent SCIM body ("userName", "name.givenName", "emails"), extension URNs looked through. */
function attributePaths(body: unknown, prefix = ""): string[] {
  if (!body || typeof body !== "object" || Array.isArray(body)) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "schemas") continue;
    if (key.startsWith("urn:")) {
      out.push(...attributePaths(value));
      continue;
    }
    const path = prefix + key;
    out.push(path, ...attributePaths(value, `${path}.`));
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The attribute a refusal is about: the longest attribute path of the sent body that the detail names as a
 * word ("userName", "name.givenName", "emails[0].value" names emails). Servers word this freely, so this only
 * matches names the request really carried.
 */
export function refusedAttribute(detail: string | undefined, sentBody: string | undefined): string | undefined {
  if (!detail || !sentBody) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(sentBody);
  } catch {
    return undefined;
  }
  const named = attributePaths(body).filter((path) => new RegExp(`(^|[^A-Za-z0-9_.$])${escapeRegExp(path)}(?![A-Za-z0-9_])`, "i").test(detail));
  return named.sort((a, b) => b.length - a.length)[0];
}

/** Reads a remote's error body; secrets are masked, and the detail kept verbatim otherwise (up to 300 characters). */
export function remoteRefusal(text: string, secrets: readonly (string | undefined)[] = [], sentBody?: string): RemoteRefusal {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (!body || typeof body !== "object") return {};
  const b = body as Record<string, unknown>;
  const parts: string[] = [];
  const str = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : undefined);
  const detail = str(b.detail) ?? str(b.error_description) ?? str(b.message);
  if (detail) parts.push(detail);
  if (Array.isArray(b.Errors)) {
    for (const e of b.Errors) {
      const d = str((e as Record<string, unknown>)?.description);
      if (d) parts.push(d);
    }
  }
  const scimType = str(b.scimType) ?? str(b.error);
  const text_ = parts.length ? summariseBody(parts.join(" "), secrets).slice(0, 300) : undefined;
  const attribute = refusedAttribute(text_, sentBody);
  return { ...(text_ ? { detail: text_ } : {}), ...(scimType ? { scimType: summariseBody(scimType, secrets).slice(0, 60) } : {}), ...(attribute ? { attribute } : {}) };
}

/**
 * The remote's own words for the log, after the status: `target refused userName: "userName" must be at most 255
 * characters (invalidValue)`. The detail is quoted as sent, so an administrator can find it at the target.
 */
function refusalText(status: number, refusal: RemoteRefusal): string {
  const words = refusal.detail ? (refusal.scimType && refusal.scimType !== refusal.detail ? `${refusal.detail} (${refusal.scimType})` : refusal.detail) : refusal.scimType;
  if (!words) return "";
  const verb = status >= 400 && status < 500 ? "target refused" : "target answered";
  return `${verb}${refusal.attribute ? ` ${refusal.attribute}` : ""}: ${words}`;
}

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/**
 * A non-2xx answer as a ConnectorError: 404 lets the engine re-create (update) or call it done (delete), 409 lets
 * it link (create), 408/425/429/5xx are transient, any other 4xx is a request or settings problem that a retry
 * would only repeat.
 */
export function httpError(exchange: Exchange, what: string, secrets: readonly (string | undefined)[] = []): ConnectorError {
  const { status } = exchange;
  const retryable = RETRYABLE_STATUS.has(status) || status >= 500;
  const refused = refusalText(status, remoteRefusal(exchange.text, secrets, exchange.sentBody));
  let reason = `HTTP ${status}${exchange.statusText ? ` ${exchange.statusText}` : ""}`;
  if (status === 401) reason += ", the remote refused the credentials";
  else if (status === 403) reason += ", the account lacks permission at the remote";
  else if (status >= 300 && status < 400) reason += `, redirected to ${exchange.headers.get("location") ?? "?"} (check the endpoint URL)`;
  const retryAfter = exchange.headers.get("retry-after");
  if (retryable && retryAfter) reason += `, retry after ${retryAfter}`;
  return new ConnectorError(`${what}: ${exchange.method} ${hostOf(exchange.url)} answered ${reason}${refused ? `; ${refused}` : ""}`, {
    httpStatus: status,
    retryable,
    ...(status === 404 ? { notFound: true } : {}),
    ...(status === 409 ? { conflict: true } : {}),
    request: exchange.request,
    response: exchange.response,
  });
}
