export type SortOrder = "ascending" | "descending";
export interface Sort<K extends string> {
  by: K;
  order: SortOrder;
}

/**
 * The sort after a click on a column's heading: the sorted column turns around; another column starts in its
 * natural order (names A to Z, dates newest first).
 */
export function nextSort<K extends string>(current: Sort<K>, clicked: K, newestFirst: readonly K[] = []): Sort<K> {
  if (current.by === clicked) return { by: clicked, order: current.order === "ascending" ? "descending" : "ascending" };
  return { by: clicked, order: newestFirst.includes(clicked) ? "descending" : "ascending" };
}

/** Pages of `size` over `total` items: the one `startIndex` (1-based) falls in, and how many there are. */
export function pageOf(startIndex: number, size: number, total: number): { page: number; pages: number } {
  return { page: Math.floor((Math.max(1, startIndex) - 1) / size) + 1, pages: Math.max(1, Math.ceil(total / size)) };
}

/** The startIndex of a page typed into "go to page", kept within the pages there are. */
export function startOfPage(page: number, size: number, total: number): number {
  const { pages } = pageOf(1, size, total);
  const within = Math.min(pages, Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)));
  return (within - 1) * size + 1;
}

export interface BatchOutcome {
  userName?: string;
  id: string;
  status: "done" | "unchanged" | "failed";
  message?: string;
  outboundFailures: string[];
}

const PAST: Record<"delete" | "disable" | "enable", string> = { delete: "deleted", disable: "disabled", enable: "enabled" };

/** What a bulk action did, in one sentence per kind of outcome, for its toast. */
export function batchSummary(action: "delete" | "disable" | "enable", results: readonly BatchOutcome[]): { tone: "success" | "error"; message: string } {
  const count = (status: BatchOutcome["status"]) => results.filter((r) => r.status === status).length;
  const users = (n: number) => `${n} user${n === 1 ? "" : "s"}`;
  const parts = [`${users(count("done"))} ${PAST[action]}`];
  if (count("unchanged")) parts.push(`${users(count("unchanged"))} already ${PAST[action]}`);
  const failed = results.filter((r) => r.status === "failed");
  if (failed.length) parts.push(`${failed.length} failed: ${failed.map((r) => `${r.userName ?? r.id} (${r.message ?? "refused"})`).join("; ")}`);
  const provisioning = results.filter((r) => r.outboundFailures.length);
  if (provisioning.length) parts.push(`Provisioning failed for ${provisioning.map((r) => r.userName ?? r.id).join(", ")}: ${provisioning[0]!.outboundFailures[0]}`);
  return { tone: failed.length || provisioning.length ? "error" : "success", message: `${parts.join(". ")}.` };
}
