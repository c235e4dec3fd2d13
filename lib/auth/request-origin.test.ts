import { describe, expect, it } from "vitest";
import { refuseForeignOrigin } from "./request-origin";

const ORIGIN = "http://localhost:3000";
const request = (method: string, headers: Record<string, string>) => ({ method, headers: { get: (name: string) => headers[name.toLowerCase()] ?? null } });
const json = { "content-type": "application/json", "content-length": "2" };
const cookie = { ambientCredentials: true };
const script = { ambientCredentials: false };

describe("refuseForeignOrigin with the session cookie", () => {
  it.each([
    ["same origin", { origin: ORIGIN, ...json }],
    ["same origin, both headers", { origin: ORIGIN, "sec-fetch-site": "same-origin", ...json }],
    ["Sec-Fetch-Site only", { "sec-fetch-site": "same-origin", ...json }],
    ["JSON with a charset", { origin: ORIGIN, "content-type": "Application/JSON; charset=utf-8", "content-length": "2" }],
    ["no body", { origin: ORIGIN }],
    ["an empty body", { origin: ORIGIN, "content-length": "0" }],
  ])("accepts %s", (_name, headers) => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(refuseForeignOrigin(request(method, headers), ORIGIN, cookie)).toBeUndefined();
  });

  it.each([
    ["another port of the host", { origin: "http://localhost:3001", "sec-fetch-site": "same-site", ...json }],
    ["another scheme", { origin: "https://localhost:3000", ...json }],
    ["another site", { origin: "https://evil.example", ...json }],
    ["an opaque origin", { origin: "null", ...json }],
    ["same-site without Origin", { "sec-fetch-site": "same-site", ...json }],
    ["cross-site without Origin", { "sec-fetch-site": "cross-site", ...json }],
    ["a user-initiated request", { "sec-fetch-site": "none", ...json }],
    ["matching Origin but a cross-site fetch", { origin: ORIGIN, "sec-fetch-site": "cross-site", ...json }],
    ["neither header", json],
  ])("refuses %s with 403", (_name, headers) => {
    expect(refuseForeignOrigin(request("POST", headers), ORIGIN, cookie)).toMatchObject({ status: 403, code: "forbidden" });
  });

  it.each([
    ["text/plain", { origin: ORIGIN, "content-type": "text/plain;charset=UTF-8", "content-length": "10" }],
    ["a form", { origin: ORIGIN, "content-type": "application/x-www-form-urlencoded", "content-length": "10" }],
    ["multipart", { origin: ORIGIN, "content-type": "multipart/form-data; boundary=x", "content-length": "10" }],
    ["a body without a type", { origin: ORIGIN, "content-length": "10" }],
    ["a chunked body without a type", { origin: ORIGIN, "transfer-encoding": "chunked" }],
    ["a JSON look-alike", { origin: ORIGIN, "content-type": "application/jsonp", "content-length": "10" }],
  ])("refuses %s from our own origin with 415", (_name, headers) => {
    expect(refuseForeignOrigin(request("POST", headers), ORIGIN, cookie)).toMatchObject({ status: 415 });
  });

  it("lets reads through without either header", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) expect(refuseForeignOrigin(request(method, {}), ORIGIN, cookie)).toBeUndefined();
  });
});

describe("refuseForeignOrigin with credentials a script sends", () => {
  it("accepts requests without browser headers, whatever their body type", () => {
    expect(refuseForeignOrigin(request("POST", json), ORIGIN, script)).toBeUndefined();
    expect(refuseForeignOrigin(request("DELETE", { "content-type": "text/plain", "content-length": "3" }), ORIGIN, script)).toBeUndefined();
  });

  it("still refuses what a page of another origin sends", () => {
    expect(refuseForeignOrigin(request("POST", { origin: "http://localhost:3001", ...json }), ORIGIN, script)).toMatchObject({ status: 403 });
    expect(refuseForeignOrigin(request("PUT", { "sec-fetch-site": "same-site", ...json }), ORIGIN, script)).toMatchObject({ status: 403 });
  });
});
