import type { BlockingOutcome } from "../provisioning/blocking-outcome.ts";

/** A blocking provisioner's outcome as the admin API's JSON carries it. */
export type OutcomeJson = Omit<BlockingOutcome, "retryAt"> & { retryAt: string | Date | null };

/** What a console change that provisioned says: the change itself, then each target that did not take it. */
export interface ProvisioningNotice {
  title: string;
  lines: { text: string; href: string | null }[];
}

/** Where the console shows one attempt: the activity page, opened on it. */
export const attemptHref = (attemptId: string) => `/provisioning-activity?attempt=${encodeURIComponent(attemptId)}`;

const because = (error: string | null) => (error ? ` (${error})` : "");

/** One target's line, saying what actually happened and what comes next. */
export function outcomeLine(o: OutcomeJson, time: (at: Date) => string): string {
  const target = o.connectionName || "A connection";
  switch (o.outcome) {
    case "delivered":
      return `${target}: delivered`;
    case "retrying":
      return `${target}: failed${because(o.error)}; will be retried${o.retryAt ? ` at ${time(new Date(o.retryAt))}` : ""}`;
    case "dead":
      return `${target}: failed${because(o.error)}; dead, needs a manual retry`;
    case "queued":
      return `${target}: not sent yet${because(o.error)}; ${o.retryAt ? `next try at ${time(new Date(o.retryAt))}` : "still queued"}`;
  }
}

/**
 * The warning after a saved change when a blocking provisioner did not deliver it (none when all did): the
 * change is saved, so it is a notice about the targets, one line each with a link to its attempt.
 */
export function provisioningNotice(results: OutcomeJson[] | undefined, time: (at: Date) => string): ProvisioningNotice | undefined {
  const failed = results?.filter((o) => o.outcome !== "delivered") ?? [];
  if (!results || !failed.length) return undefined;
  const title = results.length === 1 ? "Saved here, but not provisioned to its blocking target" : `Saved here, but ${failed.length} of ${results.length} blocking targets did not take it`;
  return { title, lines: results.map((o) => ({ text: outcomeLine(o, time), href: o.attemptId ? attemptHref(o.attemptId) : null })) };
}
