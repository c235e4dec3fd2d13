import { describe, expect, it } from "vitest";
import { traceOutcome } from "./provision-trace.ts";

describe("traceOutcome", () => {
  it.each([
    ["create", { status: "success", operation: "create", error: null }, "created", "Created at B"],
    ["create", { status: "success", operation: "link+update", error: null }, "created", "Created at B (link+update)"],
    ["update", { status: "success", operation: "re-create", error: null }, "created", "Created at B (re-create)"],
    ["update", { status: "success", operation: "update", error: null }, "updated", "Updated at B"],
    ["deactivate", { status: "success", operation: "deactivate", error: null }, "deactivated", "Deactivated at B"],
    ["delete", { status: "success", operation: "delete", error: null }, "deleted", "Deleted at B"],
    ["delete", { status: "held", operation: "delete", error: null }, "held", "Held by the deletion guard"],
    ["create", { status: "dead", operation: "create", error: "HTTP 400" }, "failed", "Failed at B: HTTP 400"],
    ["create", { status: "retrying", operation: "create", error: "HTTP 503" }, "failed", "Failed at B: HTTP 503 (queued for retry)"],
    ["none", null, "nothing-sent", "Nothing sent to B"],
  ] as const)("%s, %o: %s", (action, delivery, outcome, summary) => {
    const result = traceOutcome(action, delivery, "B");
    expect(result.outcome).toBe(outcome);
    expect(result.summary.startsWith(summary)).toBe(true);
  });
});
