import { ConnectorError } from "../types.ts";
import { networkError } from "../scim2/http.ts";
import { summariseBody } from "../scim2/redact.ts";
import type { Trace } from "./trace.ts";

/** One entry of Salesforce's error array (`[{ message, errorCode, fields }]`), or of an OAuth error answer. */
export interface RemoteError {
  code: string;
  message: string;
  fields: string[];
}

/** A 2xx answer whose body is not what the call needs; classified with the status the trace holds. */
export class UnexpectedAnswer extends Error {
  override name = "UnexpectedAnswer";
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** The errors of an answer's body: the REST API's array, a single error, or OAuth's `{error, error_description}`. */
export function remoteErrors(body: string | undefined): RemoteError[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? "");
  } catch {
    return [];
  }
  const one = (e: unknown): RemoteError | undefined => {
    if (!e || typeof e !== "object") return undefined;
    const o = e as Record<string, unknown>;
    // the REST API says errorCode; the results of a collection request say statusCode
    const code = str(o.errorCode) || str(o.statusCode) || str(o.error);
    const message = str(o.message) || str(o.error_description);
    if (!code && !message) return undefined;
    return { code, message, fields: Array.isArray(o.fields) ? o.fields.filter((f): f is string => typeof f === "string") : [] };
  };
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map(one).filter((e): e is RemoteError => e !== undefined);
}

const CREDENTIALS = "check the username, password and security token";

/** What an administrator can do about an error code. */
const HINTS: Record<string, string> = {
  INVALID_LOGIN: CREDENTIALS,
  invalid_grant: CREDENTIALS,
  invalid_client_id: "check the client id (the connected app's consumer key)",
  invalid_client: "check the client id and client secret (the connected app's consumer key and secret)",
  unsupported_grant_type: "allow the OAuth 2.0 username-password flow for the org (Setup, OAuth and OpenID Connect Settings)",
  DUPLICATE_USERNAME: "Salesforce usernames are unique across every org, so when no user of this org has it another org (a sandbox, say) does: choose another Username source or provisioning domain",
  DUPLICATE_DEVELOPER_NAME: "a public group of this org already has this API name",
  REQUEST_LIMIT_EXCEEDED: "the org has used up its API requests for now",
  INSUFFICIENT_ACCESS: "the connector's Salesforce user needs the Manage Users permission",
  INSUFFICIENT_ACCESS_OR_READONLY: "the connector's Salesforce user needs the Manage Users permission",
  API_DISABLED_FOR_ORG: "the org's edition or the user's profile has no API access",
  API_CURRENTLY_DISABLED: "the org's edition or the user's profile has no API access",
  LICENSE_LIMIT_EXCEEDED: "no licence of the configured profile's user licence is left",
  INVALID_SESSION_ID: "Salesforce refused a session it had just issued; check that the connected app admits this user",
};

const NOT_FOUND = new Set(["NOT_FOUND", "ENTITY_IS_DELETED"]);
const CONFLICT = new Set(["DUPLICATE_USERNAME", "DUPLICATE_DEVELOPER_NAME", "DUPLICATE_VALUE"]);
// transient whatever the status: the org's request quota refills, a record lock is released
const TRANSIENT = new Set(["REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW"]);
const TRANSIENT_STATUS = new Set([408, 425, 429]);

/** Salesforce's messages carry HTML line breaks; the log wants one line. */
function plain(message: string, secrets: readonly (string | undefined)[]): string {
  const text = message
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
  return summariseBody(text, secrets).slice(0, 300);
}

function describe(errors: RemoteError[], secrets: readonly (string | undefined)[]): string {
  return errors
    .map((e) => {
      const words = [e.code, plain(e.message, secrets)].filter(Boolean).join(": ");
      return e.fields.length ? `${words} (fields: ${e.fields.join(", ")})` : words;
    })
    .join("; ");
}

function hostOf(url: string | undefined) {
  try {
    return new URL(url ?? "").host;
  } catch {
    return url ?? "?";
  }
}

export interface FailureContext {
  /** the operation, first in the message: "create user" */
  what: string;
  trace: Trace;
  timeoutMs: number;
  secrets: readonly (string | undefined)[];
  /** the failure is the token request's: its 404 is a wrong login URL, its 409 no duplicate */
  signIn?: boolean;
}

/**
 * A failed call as a ConnectorError, from the last exchange of its trace (jsforce's errors do not carry the
 * status): no answer is a network failure (retried; the engine pauses the target), a refusal is classified by
 * Salesforce's error code, then by its status; a 2xx answer that jsforce or the connector could not read is a
 * malformed answer, which waits for a person, as the call may have taken effect.
 */
export function connectorFailure(err: unknown, context: FailureContext): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof RefusedRecords) return refusedRecordsFailure(err, context);
  const { what, trace, secrets } = context;
  const last = trace.last();
  const { request, response } = trace.summary();
  const withLog = (message: string, options: Omit<ConstructorParameters<typeof ConnectorError>[1], "request" | "response">) => new ConnectorError(message, { ...options, request, response });
  const place = context.signIn ? `sign-in at ${hostOf(last?.url)}` : "Salesforce";

  if (!last) return withLog(`${what}: ${(err as Error)?.message ?? String(err)}`, { retryable: false });
  if (last.status === undefined) {
    const failure = networkError(err, { method: last.method, url: last.url, timeoutMs: context.timeoutMs }, request, context.signIn ? `${what}: sign-in` : what);
    return withLog(failure.message, failure.options);
  }

  const status = last.status;
  if (status >= 300 && status < 400) {
    return withLog(`${what}: ${place} answered HTTP ${status}, redirected to ${last.location ?? "?"}; check the login URL (a My Domain URL is https://<domain>.my.salesforce.com)`, {
      httpStatus: status,
      retryable: false,
    });
  }
  if (status < 300) {
    const body = last.responseBody?.trim();
    const detail =
      body && !isJson(body)
        ? "the body is not JSON"
        : err instanceof UnexpectedAnswer
          ? err.message
          : remoteErrors(body).length
            ? describe(remoteErrors(body), secrets)
            : "not what the request answers";
    return withLog(`${what}: ${place} returned a malformed answer (HTTP ${status}): ${detail}`, { httpStatus: status, retryable: false });
  }

  const errors = remoteErrors(last.responseBody);
  const codes = new Set(errors.map((e) => e.code));
  const has = (set: Set<string>) => [...codes].some((c) => set.has(c));
  const retryable = has(TRANSIENT) || TRANSIENT_STATUS.has(status) || status >= 500;
  const notFound = !context.signIn && (has(NOT_FOUND) || status === 404);
  const conflict = !context.signIn && has(CONFLICT);
  let hint = [...codes].map((c) => HINTS[c]).find(Boolean);
  if (!hint && status === 401) hint = CREDENTIALS;
  if (!hint && status === 403) hint = "the connector's Salesforce user lacks a permission";
  if (!hint && context.signIn && status === 404) hint = "check the login URL";
  // a body in HTML (a proxy's or a maintenance page) is told by its text
  const body = /^\s*</.test(last.responseBody ?? "") ? (last.responseBody ?? "").replace(/<[^>]*>/g, " ") : (last.responseBody ?? "");
  const said = errors.length ? describe(errors, secrets) : plain(body, secrets) || "no details";
  return withLog(`${what}: ${place} answered HTTP ${status} ${said}${hint ? `; ${hint}` : ""}`, {
    httpStatus: status,
    retryable,
    ...(notFound ? { notFound } : {}),
    ...(conflict ? { conflict } : {}),
  });
}

/** Whether a refusal says the session expired, so one new sign-in may let the call pass. */
export function sessionExpired(trace: Trace): boolean {
  const last = trace.last();
  if (last?.status !== 401) return false;
  const errors = remoteErrors(last.responseBody);
  return errors.length === 0 || errors.some((e) => e.code === "INVALID_SESSION_ID");
}

/** One record of a collection request (several members added or removed at once) that Salesforce refused. */
export interface RefusedRecord {
  /** the member's user id, or its GroupMember row's */
  member: string;
  errors: RemoteError[];
}

/** Some records of a collection request refused while the request itself passed (HTTP 200). */
export class RefusedRecords extends Error {
  override name = "RefusedRecords";
  constructor(
    readonly refused: RefusedRecord[],
    readonly total: number,
  ) {
    super(`${refused.length} of ${total} records refused`);
  }
}

/** Retried only when every refusal is transient (a record lock); the records that passed stay, and a retry skips them. */
function refusedRecordsFailure(err: RefusedRecords, context: FailureContext): ConnectorError {
  const { request, response } = context.trace.summary();
  const codes = err.refused.flatMap((r) => r.errors.map((e) => e.code));
  const shown = err.refused
    .slice(0, 5)
    .map((r) => `${r.member}: ${describe(r.errors, context.secrets) || "no details"}`)
    .join("; ");
  const more = err.refused.length > 5 ? `; and ${err.refused.length - 5} more` : "";
  return new ConnectorError(`${context.what}: Salesforce refused ${err.refused.length} of ${err.total} members: ${shown}${more}`, {
    httpStatus: context.trace.last()?.status,
    retryable: codes.length > 0 && codes.every((c) => TRANSIENT.has(c)),
    request,
    response,
  });
}
