import { describe, expect, it } from "vitest";
import { redactHeaders } from "./redact.ts";

describe("redactHeaders", () => {
  it.each([
    ["Authorization", "Basic YWRtaW46YWRtaW4=", "Basic [redacted]"],
    ["authorization", "Bearer eyJhbGciOi.x.y", "Bearer [redacted]"],
    ["Authorization", "opaque-token-without-scheme", "[redacted]"],
    ["X-Api-Key", "k-123456", "[redacted]"],
    ["Cookie", "sid=abc", "[redacted]"],
    ["Content-Type", "application/scim+json", "application/scim+json"],
    ["X-Tenant", "tenant secret-value-1", "tenant [redacted]"],
  ])("%s: %s shows as %s", (name, value, shown) => {
    expect(redactHeaders({ [name]: value }, ["secret-value-1"])[name]).toBe(shown);
  });
});
