import { describe, expect, it } from "vitest";
import { retryDelay } from "./backoff";

const policy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 10_000 };

describe("retryDelay", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [12, 10_000],
  ])("attempt %i waits about %i ms", (attempt, expected) => {
    expect(retryDelay(attempt, policy, () => 0.5)).toBe(expected);
  });

  it("spreads retries by at most 20% either way", () => {
    expect(retryDelay(3, policy, () => 0)).toBe(3200);
    expect(retryDelay(3, policy, () => 1)).toBe(4800);
  });
});
