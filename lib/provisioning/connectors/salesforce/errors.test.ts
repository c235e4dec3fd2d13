import { describe, expect, it } from "vitest";
import { ConnectorError } from "../types.ts";
import { connectorFailure, RefusedRecords, remoteErrors, sessionExpired, UnexpectedAnswer } from "./errors.ts";
import { Trace } from "./trace.ts";

const URL_ = "https://acme.my.salesforce.com/services/data/v59.0/sobjects/User";
const SECRETS = ["Pa55word-Secret"];

function traced(status: number | undefined, body = "", location?: string): Trace {
  const trace = new Trace(SECRETS);
  const exchange = trace.start("POST", URL_, '{"Username":"kim@example.com"}');
  if (status !== undefined) Object.assign(exchange, { status, responseBody: body, ...(location ? { location } : {}) });
  return trace;
}

const sfErrors = (...errors: { errorCode: string; message: string; fields?: string[] }[]) => JSON.stringify(errors);
const fail = (status: number | undefined, body = "", err: unknown = new Error("jsforce"), signIn = false) =>
  connectorFailure(err, { what: "create user", trace: traced(status, body), timeoutMs: 5000, secrets: SECRETS, signIn });

describe("remoteErrors", () => {
  it.each([
    ["the REST API's array", sfErrors({ errorCode: "NOT_FOUND", message: "gone", fields: ["Id"] }), [{ code: "NOT_FOUND", message: "gone", fields: ["Id"] }]],
    ["a collection result's errors", JSON.stringify([{ statusCode: "DUPLICATE_VALUE", message: "dup", fields: [] }]), [{ code: "DUPLICATE_VALUE", message: "dup", fields: [] }]],
    ["OAuth's error", JSON.stringify({ error: "invalid_grant", error_description: "authentication failure" }), [{ code: "invalid_grant", message: "authentication failure", fields: [] }]],
    ["not JSON", "<html/>", []],
    ["JSON without errors", JSON.stringify([{ id: "x" }, 3, null]), []],
  ])("%s", (_case, body, expected) => {
    expect(remoteErrors(body)).toStrictEqual(expected);
  });
});

describe("connectorFailure", () => {
  it.each([
    // status, body, retryable, notFound, conflict, message
    [
      400,
      sfErrors({ errorCode: "DUPLICATE_USERNAME", message: "Duplicate Username.<br>Another user has already registered using kim@example.com.", fields: ["Username"] }),
      false,
      false,
      true,
      /HTTP 400 DUPLICATE_USERNAME: Duplicate Username\. Another user.*\(fields: Username\); Salesforce usernames are unique across every org/,
    ],
    [400, sfErrors({ errorCode: "DUPLICATE_DEVELOPER_NAME", message: "in use" }), false, false, true, /a public group of this org already has this API name/],
    [404, sfErrors({ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }), false, true, false, /HTTP 404 NOT_FOUND/],
    [404, sfErrors({ errorCode: "ENTITY_IS_DELETED", message: "entity is deleted" }), false, true, false, /ENTITY_IS_DELETED/],
    [400, sfErrors({ errorCode: "ENTITY_IS_DELETED", message: "entity is deleted" }), false, true, false, /ENTITY_IS_DELETED/],
    [401, sfErrors({ errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid" }), false, false, false, /Salesforce refused a session it had just issued/],
    [401, "", false, false, false, /HTTP 401 no details; check the username, password and security token/],
    [403, sfErrors({ errorCode: "REQUEST_LIMIT_EXCEEDED", message: "TotalRequests Limit exceeded." }), true, false, false, /the org has used up its API requests for now/],
    [403, sfErrors({ errorCode: "API_DISABLED_FOR_ORG", message: "API is not enabled" }), false, false, false, /has no API access/],
    [403, "", false, false, false, /lacks a permission/],
    [400, sfErrors({ errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access" }), true, false, false, /UNABLE_TO_LOCK_ROW/],
    [400, sfErrors({ errorCode: "LICENSE_LIMIT_EXCEEDED", message: "License Limit Exceeded" }), false, false, false, /no licence of the configured profile's user licence is left/],
    [
      400,
      sfErrors({ errorCode: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [Alias]", fields: ["Alias"] }),
      false,
      false,
      false,
      /REQUIRED_FIELD_MISSING: Required fields are missing: \[Alias\] \(fields: Alias\)$/,
    ],
    [400, sfErrors({ errorCode: "A", message: "first" }, { errorCode: "B", message: "second" }), false, false, false, /HTTP 400 A: first; B: second$/],
    [408, "", true, false, false, /HTTP 408/],
    [429, "", true, false, false, /HTTP 429/],
    [500, sfErrors({ errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred" }), true, false, false, /HTTP 500 UNKNOWN_EXCEPTION/],
    [503, "<html><body><h1>Maintenance</h1></body></html>", true, false, false, /HTTP 503 Maintenance$/],
  ])("HTTP %i %s", (status, body, retryable, notFound, conflict, message) => {
    const err = fail(status, body);
    expect(err.options.httpStatus).toBe(status);
    expect(err.options.retryable).toBe(retryable);
    expect(err.options.notFound ?? false).toBe(notFound);
    expect(err.options.conflict ?? false).toBe(conflict);
    expect(err.message).toMatch(/^create user: Salesforce answered /);
    expect(err.message).toMatch(message);
    expect(err.options.request).toBe(`POST ${URL_}\n{"Username":"kim@example.com"}`);
    expect(err.options.response).toMatch(new RegExp(`^HTTP ${status}`));
  });

  it.each([
    [
      400,
      { error: "invalid_grant", error_description: "authentication failure" },
      /sign-in at acme\.my\.salesforce\.com answered HTTP 400 invalid_grant: authentication failure; check the username, password and security token/,
    ],
    [400, { error: "invalid_client", error_description: "invalid client credentials" }, /check the client id and client secret/],
    [400, { error: "unsupported_grant_type", error_description: "grant type not supported" }, /allow the OAuth 2\.0 username-password flow/],
    [404, {}, /HTTP 404 .*check the login URL/],
    [409, {}, /HTTP 409/],
  ])("a sign-in refused with HTTP %i: never a missing object nor a duplicate", (status, body, message) => {
    const err = fail(status, JSON.stringify(body), new Error("x"), true);
    expect(err.options).toMatchObject({ httpStatus: status, retryable: false });
    expect(err.options.notFound).toBeUndefined();
    expect(err.options.conflict).toBeUndefined();
    expect(err.message).toMatch(message);
  });

  it("a redirect: where it pointed, and the login URL to check", () => {
    const err = connectorFailure(new Error("x"), { what: "create user", trace: traced(302, "", "https://elsewhere.example/login"), timeoutMs: 5000, secrets: SECRETS });
    expect(err.options).toMatchObject({ httpStatus: 302, retryable: false });
    expect(err.message).toBe("create user: Salesforce answered HTTP 302, redirected to https://elsewhere.example/login; check the login URL (a My Domain URL is https://<domain>.my.salesforce.com)");
  });

  it.each([
    ["not JSON", "<html>", new TypeError("Cannot read properties of undefined (reading 'length')"), "the body is not JSON"],
    ["the wrong JSON", "{}", new TypeError("Cannot read properties of undefined (reading 'length')"), "not what the request answers"],
    ["a shape the connector checked", "{}", new UnexpectedAnswer("id: required"), "id: required"],
  ])("a 2xx answer with %s is malformed, not retried", (_case, body, err, detail) => {
    const failure = fail(200, body, err);
    expect(failure.options).toMatchObject({ httpStatus: 200, retryable: false });
    expect(failure.message).toBe(`create user: Salesforce returned a malformed answer (HTTP 200): ${detail}`);
  });

  it.each([
    [Object.assign(new Error("request to x failed"), { name: "FetchError", code: "ECONNREFUSED" }), /create user failed: connection refused \(ECONNREFUSED\) connecting to acme\.my\.salesforce\.com/],
    [Object.assign(new Error("The user aborted a request."), { name: "AbortError" }), /no response from acme\.my\.salesforce\.com within 5000 ms/],
    [Object.assign(new Error("x"), { code: "CERT_HAS_EXPIRED" }), /TLS error talking to acme\.my\.salesforce\.com: CERT_HAS_EXPIRED/],
  ])("no answer: retried without a status (%s)", (err, message) => {
    const failure = fail(undefined, "", err);
    expect(failure.options.retryable).toBe(true);
    expect(failure.options.httpStatus).toBeUndefined();
    expect(failure.message).toMatch(message);
    expect(failure.options.response).toBe("no answer");
  });

  it("masks secrets the remote echoes", () => {
    const err = fail(400, sfErrors({ errorCode: "X", message: "bad password Pa55word-Secret" }));
    expect(err.message).not.toContain("Pa55word-Secret");
    expect(err.options.response).not.toContain("Pa55word-Secret");
  });

  it("keeps a ConnectorError, and says what failed before any request", () => {
    const own = new ConnectorError("mine", { retryable: false });
    expect(fail(500, "", own)).toBe(own);
    const early = connectorFailure(new Error("lightning URLs are not valid as instance URLs"), { what: "create user", trace: new Trace([]), timeoutMs: 1, secrets: [] });
    expect(early.message).toBe("create user: lightning URLs are not valid as instance URLs");
    expect(early.options.retryable).toBe(false);
  });

  it.each([
    [[["DUPLICATE_VALUE"]], false],
    [[["UNABLE_TO_LOCK_ROW"], ["UNABLE_TO_LOCK_ROW"]], true],
    [[["UNABLE_TO_LOCK_ROW"], ["INVALID_CROSS_REFERENCE_KEY"]], false],
  ])("members refused in a collection request: %j retryable %s", (codes, retryable) => {
    const refused = codes.map((c, i) => ({ member: `005${i}`, errors: c.map((code) => ({ code, message: "m", fields: [] })) }));
    const err = fail(200, "[]", new RefusedRecords(refused, 10));
    expect(err.options).toMatchObject({ httpStatus: 200, retryable });
    expect(err.message).toMatch(new RegExp(`^create user: Salesforce refused ${codes.length} of 10 members: 0050: ${codes[0]![0]}: m`));
  });
});

describe("sessionExpired", () => {
  it.each([
    [401, sfErrors({ errorCode: "INVALID_SESSION_ID", message: "Session expired or invalid" }), true],
    [401, "", true],
    [401, sfErrors({ errorCode: "INVALID_AUTH_HEADER", message: "x" }), false],
    [403, sfErrors({ errorCode: "INVALID_SESSION_ID", message: "x" }), false],
    [undefined, "", false],
  ])("HTTP %s %s: %s", (status, body, expected) => {
    expect(sessionExpired(traced(status, body))).toBe(expected);
  });
});
