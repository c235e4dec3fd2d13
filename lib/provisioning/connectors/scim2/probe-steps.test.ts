import { describe, expect, it } from "vitest";
import { bulkCheck, byStatus, connectionProblem, etagCheck, excludedAttributesCheck, filterCheck, serviceProviderConfigCheck, summary, transportProblem, check } from "./probe-steps.ts";

const reply = (status: number, body?: unknown, etag?: string) => ({ request: "X /Users", status, body, etag });

describe("probe steps", () => {
  it.each([
    { status: 200, state: "supported" },
    { status: 204, state: "supported" },
    { status: 400, state: "unsupported" },
    { status: 405, state: "unsupported" },
    { status: 501, state: "unsupported" },
    { status: 429, state: "unknown" },
    { status: 503, state: "unknown" },
  ])("a plain step answered $status is $state", ({ status, state }) => {
    expect(byStatus("patch", reply(status))).toStrictEqual({ capability: "patch", label: "PATCH with a path", state, evidence: `X /Users answered ${status}` });
  });

  const canary = { id: "c1", userName: "probe" };
  it.each([
    { why: "only the canary", r: reply(200, { Resources: [canary] }), state: "supported" },
    { why: "everyone: the filter was ignored", r: reply(200, { Resources: [canary, { id: "x", userName: "other" }] }), state: "unsupported" },
    { why: "nothing listed", r: reply(200, { totalResults: 0 }), state: "unsupported" },
    { why: "no list", r: reply(200, {}), state: "unknown" },
    { why: "refused", r: reply(400), state: "unsupported" },
    { why: "not implemented", r: reply(501), state: "unsupported" },
    { why: "only the canary, but the canary again for a filter matching nothing", r: reply(200, { Resources: [canary] }), none: reply(200, { Resources: [canary] }), state: "unsupported" },
    { why: "only the canary, and nothing for a filter matching nothing", r: reply(200, { Resources: [canary] }), none: reply(200, { totalResults: 0 }), state: "supported" },
  ])("a filter answered with $why", ({ r, none, state }) => {
    expect(filterCheck("filterUserName", r, "c1", (x) => x.userName === "probe", none).state).toBe(state);
  });

  it.each([
    { why: "without members", r: reply(200, { id: "g" }), state: "supported" },
    { why: "with an empty list", r: reply(200, { id: "g", members: [] }), state: "supported" },
    { why: "with the members all the same", r: reply(200, { id: "g", members: [{ value: "u" }] }), state: "unsupported" },
    { why: "refused", r: reply(400), state: "unsupported" },
  ])("excludedAttributes answered $why", ({ r, state }) => {
    expect(excludedAttributesCheck(r).state).toBe(state);
  });

  it.each([
    { why: "an ETag header", config: undefined, read: reply(200, {}, 'W/"1"'), state: "supported" },
    { why: "meta.version", config: undefined, read: reply(200, { meta: { version: 'W/"1"' } }), state: "supported" },
    { why: "the configuration saying no, and no version", config: { etag: { supported: false } }, read: reply(200, {}), state: "unsupported" },
    { why: "no version and no configuration", config: undefined, read: reply(200, {}), state: "unsupported" },
    { why: "no user read", config: undefined, read: undefined, state: "unknown" },
  ])("ETags from $why", ({ config, read, state }) => {
    expect(etagCheck(config, read).state).toBe(state);
  });

  it.each([
    { why: "the configuration saying yes", config: { bulk: { supported: true } }, r: undefined, state: "supported" },
    { why: "the configuration saying no", config: { bulk: { supported: false } }, r: undefined, state: "unsupported" },
    { why: "a 404 to an empty BulkRequest", config: undefined, r: reply(404), state: "unsupported" },
    { why: "a 200 to an empty BulkRequest", config: undefined, r: reply(200, {}), state: "supported" },
  ])("Bulk from $why", ({ config, r, state }) => {
    expect(bulkCheck(config, r).state).toBe(state);
  });

  it.each([
    { r: reply(200, { schemas: [] }), state: "supported" },
    { r: reply(200), state: "unsupported" },
    { r: reply(404), state: "unsupported" },
  ])("ServiceProviderConfig answered $r.status is $state", ({ r, state }) => {
    expect(serviceProviderConfigCheck(r).state).toBe(state);
  });

  it.each([
    { status: 201, sentence: undefined },
    { status: 401, sentence: "scim.example refused the credentials (HTTP 401): check the user name and password, or the OAuth client." },
    { status: 403, sentence: "scim.example accepted the credentials but the account may not manage users there (HTTP 403): grant it the permission." },
    { status: 404, sentence: "Nothing answers at https://scim.example/Users (HTTP 404): check the user endpoint URL." },
    { status: 302, sentence: "https://scim.example/Users redirects (HTTP 302): use the address it redirects to." },
    { status: 500, sentence: "scim.example failed to answer (HTTP 500): try again, or ask its administrator." },
  ])("a create answered $status explains itself", ({ status, sentence }) => {
    expect(connectionProblem(reply(status), "scim.example", "https://scim.example/Users")).toBe(sentence);
  });

  it("keeps a token endpoint's refusal as it is", () => {
    const refusal = "get token: POST auth.example answered HTTP 401; check the token endpoint, client id, client secret and scope";
    expect(transportProblem(refusal)).toBe(refusal);
  });

  it("puts an unreachable target in a sentence", () => {
    expect(transportProblem("connection test: GET /ServiceProviderConfig failed: connection refused (ECONNREFUSED) connecting to 127.0.0.1:9")).toBe(
      "The target could not be reached: connection refused (ECONNREFUSED) connecting to 127.0.0.1:9.",
    );
  });

  it("sums up and says how updates will go", () => {
    const checks = [check("connection", "supported", "e"), check("patch", "unsupported", "e")];
    expect(summary("scim.example", checks)).toBe("Connected to scim.example: 1 of 2 checks passed. Updates will be read, merged and sent whole with PUT.");
  });
});
