import { describe, expect, it } from "vitest";
import type { PlanEntry } from "../provisioning/sync-plan/entries.ts";
import { entrySummary, memberLine, planValue } from "./sync-plan-wording.ts";

describe("sync plan wording", () => {
  it.each([
    { value: undefined, shown: "—" },
    { value: "Kim", shown: "Kim" },
    { value: false, shown: "false" },
    { value: [{ value: "a@example.com" }], shown: '[{"value":"a@example.com"}]' },
  ])("shows $value as $shown", ({ value, shown }) => expect(planValue(value)).toBe(shown));

  it.each([
    { sample: { count: 0, first: [] }, line: "none" },
    { sample: { count: 2, first: ["ada", "bob"] }, line: "2 members: ada, bob" },
    { sample: { count: 100000, first: ["ada", "bob"] }, line: "100,000 members: ada, bob and 99,998 more" },
  ])("$line", ({ sample, line }) => expect(memberLine(sample)).toBe(line));

  const user = (extra: Partial<PlanEntry>): PlanEntry => ({ kind: "user", id: "u", name: "kim", action: "update", ...extra });
  it.each<{ entry: PlanEntry; summary: string }>([
    { entry: user({ differences: [{ path: "title", before: "a", after: "b" }], lastSentKnown: true }), summary: "1 attribute changed" },
    {
      entry: user({
        action: "create",
        differences: [
          { path: "userName", after: "kim" },
          { path: "active", after: true },
        ],
      }),
      summary: "2 attributes sent",
    },
    { entry: user({ lastSentKnown: false }), summary: "what the target holds is not recorded: every attribute is sent" },
    { entry: user({ action: "unchanged" }), summary: "as the target last received it" },
    { entry: user({ action: "delete", reason: "no longer exists" }), summary: "no longer exists" },
    { entry: { kind: "group", id: "g", name: "Ops", action: "update", membersAdded: { count: 1200, first: [] }, membersRemoved: { count: 1, first: [] } }, summary: "+1,200 / −1 members" },
  ])("$summary", ({ entry, summary }) => expect(entrySummary(entry)).toBe(summary));
});
