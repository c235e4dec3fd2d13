import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, parseRetryAfter, withRetryAfter } from "./retry-after";
import { ConnectorError } from "./types";

const now = new Date("2026-03-01T12:00:00Z");

describe("parseRetryAfter", () => {
  it.each([
    ["delay-seconds", "120", 120_000],
    ["zero seconds", "0", 0],
    ["seconds with spaces around", "  5 ", 5_000],
    ["IMF-fixdate in the future", "Sun, 01 Mar 2026 12:00:30 GMT", 30_000],
    ["IMF-fixdate in the past means now", "Sun, 01 Mar 2026 11:00:00 GMT", 0],
    ["obsolete RFC 850 date", "Sunday, 01-Mar-26 12:01:00 GMT", 60_000],
    ["seconds beyond the cap", "999999", MAX_RETRY_AFTER_MS],
    ["a date beyond the cap", "Mon, 02 Mar 2026 12:00:00 GMT", MAX_RETRY_AFTER_MS],
  ])("%s: %j → %d ms", (_, header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it.each([
    ["absent", undefined],
    ["null", null],
    ["empty", ""],
    ["negative seconds", "-5"],
    ["fractional seconds", "1.5"],
    ["words", "soon"],
    ["a date without a time", "Sun, 01 Mar 2026"],
    ["garbage after a weekday", "Sun, 99 Foo 2026 12:00:00 GMT"],
  ])("%s is not understood", (_, header) => {
    expect(parseRetryAfter(header as string | null | undefined, now)).toBeUndefined();
  });
});

describe("withRetryAfter", () => {
  const headers = (value?: string) => new Headers(value === undefined ? {} : { "retry-after": value });
  const refusal = (httpStatus: number | undefined) => new ConnectorError("refused", { httpStatus, retryable: true, request: "POST /Users", response: "HTTP 429" });

  it.each([
    [429, "7", 7_000],
    [503, "Sun, 01 Mar 2026 12:00:10 GMT", 10_000],
    [429, undefined, undefined],
    [429, "later", undefined],
    [500, "7", undefined],
    [502, "7", undefined],
    [undefined, "7", undefined],
  ])("HTTP %s with Retry-After %j carries %j ms", (status, header, expected) => {
    const err = withRetryAfter(refusal(status), headers(header), now);
    expect(err.options.retryAfterMs).toBe(expected);
    expect(err.message).toBe("refused");
    expect(err.options.request).toBe("POST /Users");
    expect(err).toBeInstanceOf(ConnectorError);
  });
});
