import type { MemberSample, PlanAction, PlanEntry } from "../provisioning/sync-plan/entries.ts";

// How the console words a sync plan: labels, one-line summaries and attribute values.

export const ACTION_LABELS: Record<PlanAction, string> = { create: "Create", update: "Update", delete: "Delete", deactivate: "Deactivate", unchanged: "Unchanged" };

/** An attribute value as one line: strings as they are, the rest as JSON; absent as a dash. */
export function planValue(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** "3 members: ada, bob, cy and 1 more" */
export function memberLine(sample: MemberSample): string {
  if (!sample.count) return "none";
  const more = sample.count - sample.first.length;
  return `${plural(sample.count, "member")}: ${sample.first.join(", ")}${more > 0 ? ` and ${more.toLocaleString("en")} more` : ""}`;
}

/** The row's summary: what changes, or why it goes. */
export function entrySummary(entry: PlanEntry): string {
  if (entry.reason) return entry.reason;
  if (entry.kind === "group") {
    if (entry.action === "delete") return "";
    return `+${(entry.membersAdded?.count ?? 0).toLocaleString("en")} / −${(entry.membersRemoved?.count ?? 0).toLocaleString("en")} members`;
  }
  if (entry.action === "unchanged") return "as the target last received it";
  const n = entry.differences?.length ?? 0;
  if (entry.action === "create") return `${plural(n, "attribute")} sent`;
  if (entry.lastSentKnown === false) return "what the target holds is not recorded: every attribute is sent";
  return `${plural(n, "attribute")} changed`;
}

/** Whether a row has details to expand. */
export const hasDetails = (entry: PlanEntry) => (entry.differences?.length ?? 0) > 0 || entry.membersAdded !== undefined;
