/** The provisioning log shows at most this much of a request or response body. */
export const SUMMARY_BODY_LIMIT = 500;

const REDACTED = "[redacted]";
const SECRET_KEY = /pass(word|wd)|pwd|secret|token|credential|authorization|api[-_]?key/i;
// shorter values are not replaced in free text: masking every "abc" would make the log unreadable
const MIN_SECRET_LENGTH = 4;

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && v !== null && v !== "" ? REDACTED : redactValue(v);
    return out;
  }
  return value;
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Masks secrets in a body for the log: values under secret-looking keys (JSON or form encoded), then every
 * known secret value wherever it appears (a remote may echo a password in an error message), in its raw,
 * JSON-escaped and URL-encoded forms.
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object") out = JSON.stringify(redactValue(parsed));
  } catch {
    out = out.replace(/(^|[&?\s])([^=&\s]+)=([^&\s]*)/g, (m, lead: string, key: string) => (SECRET_KEY.test(decodeURIComponentSafe(key)) ? `${lead}${key}=${REDACTED}` : m));
  }
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
    forms.add(new URLSearchParams({ s }).toString().slice(2));
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  if (sorted.length) out = out.replace(new RegExp(sorted.map(escapeRegExp).join("|"), "g"), REDACTED);
  return out;
}

function decodeURIComponentSafe(s: string) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Redaction happens before truncation so a cut can never leave part of a secret behind. */
export function summariseBody(text: string, secrets: readonly (string | undefined)[] = []): string {
  const redacted = redactText(text, secrets);
  return redacted.length <= SUMMARY_BODY_LIMIT ? redacted : `${redacted.slice(0, SUMMARY_BODY_LIMIT - 1)}…`;
}

/** The URL without user info; the query stays, as SCIM filters are what one needs to see. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url;
  }
}

export function requestSummary(method: string, url: string, body: string | undefined, secrets: readonly (string | undefined)[]): string {
  const line = `${method} ${displayUrl(url)}`;
  return body ? `${line}\n${summariseBody(body, secrets)}` : line;
}

export function responseSummary(status: number, statusText: string, body: string, secrets: readonly (string | undefined)[]): string {
  const line = `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
  return body ? `${line}\n${summariseBody(body, secrets)}` : line;
}

/**
 * Request headers for a trace: credentials keep only their scheme ("Basic [redacted]"), other secret-looking
 * headers and known secret values are masked.
 */
export function redactHeaders(headers: Record<string, string>, secrets: readonly (string | undefined)[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (/^(proxy-)?authorization$/i.test(name)) {
      const scheme = /^\S+(?=\s)/.exec(value)?.[0];
      out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
    } else if (SECRET_KEY.test(name) || /cookie|session/i.test(name)) out[name] = REDACTED;
    else out[name] = redactText(value, secrets);
  }
  return out;
}
