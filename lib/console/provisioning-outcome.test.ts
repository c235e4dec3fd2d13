import { describe, expect, it } from "vitest";
import { attemptHref, outcomeLine, provisioningNotice, type OutcomeJson } from "./provisioning-outcome";

const time = (at: Date) => at.toISOString().slice(11, 16);
const outcome = (over: Partial<OutcomeJson>): OutcomeJson => ({
  connectionId: "c1",
  connectionName: "Partner",
  connectorType: "scim2",
  outcome: "delivered",
  retryAt: null,
  error: null,
  attemptId: "a1",
  ...over,
});

describe("outcomeLine", () => {
  it.each([
    { case: "delivered", o: outcome({}), line: "Partner: delivered" },
    {
      case: "failed, retried later",
      o: outcome({ outcome: "retrying", error: "HTTP 500: partner store offline", retryAt: "2026-03-10T14:05:30Z" }),
      line: "Partner: failed (HTTP 500: partner store offline); will be retried at 14:05",
    },
    { case: "failed, retry time unknown", o: outcome({ outcome: "retrying", error: "HTTP 503" }), line: "Partner: failed (HTTP 503); will be retried" },
    { case: "dead", o: outcome({ outcome: "dead", error: "HTTP 401: bad credentials" }), line: "Partner: failed (HTTP 401: bad credentials); dead, needs a manual retry" },
    {
      case: "held back by a paused target",
      o: outcome({ outcome: "queued", error: "Not tried: the target is unavailable", retryAt: "2026-03-10T14:07:00Z", attemptId: null }),
      line: "Partner: not sent yet (Not tried: the target is unavailable); next try at 14:07",
    },
    { case: "still with the worker", o: outcome({ outcome: "queued" }), line: "Partner: not sent yet; still queued" },
    { case: "a connection without a name", o: outcome({ connectionName: "", outcome: "dead" }), line: "A connection: failed; dead, needs a manual retry" },
  ])("$case", ({ o, line }) => {
    expect(outcomeLine(o, time)).toBe(line);
  });
});

describe("provisioningNotice", () => {
  it.each([
    { case: "no blocking provisioner", results: [] as OutcomeJson[] },
    { case: "nothing from the API (a delete answered 204)", results: undefined },
    { case: "every target took it", results: [outcome({}), outcome({ connectionName: "HR" })] },
  ])("says nothing when $case", ({ results }) => {
    expect(provisioningNotice(results, time)).toBeUndefined();
  });

  it("names each target with what became of the change, and links to the attempts", () => {
    const notice = provisioningNotice([outcome({ attemptId: "ok-1" }), outcome({ connectionName: "HR", outcome: "dead", error: "HTTP 401", attemptId: "dead/1" })], time);
    expect(notice).toEqual({
      title: "Saved here, but 1 of 2 blocking targets did not take it",
      lines: [
        { text: "Partner: delivered", href: "/provisioning-activity?attempt=ok-1" },
        { text: "HR: failed (HTTP 401); dead, needs a manual retry", href: "/provisioning-activity?attempt=dead%2F1" },
      ],
    });
  });

  it("links nowhere for a change that was not tried", () => {
    const notice = provisioningNotice([outcome({ outcome: "queued", attemptId: null })], time);
    expect(notice).toEqual({ title: "Saved here, but not provisioned to its blocking target", lines: [{ text: "Partner: not sent yet; still queued", href: null }] });
    expect(attemptHref("x y")).toBe("/provisioning-activity?attempt=x%20y");
  });
});
