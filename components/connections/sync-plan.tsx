"use client";

import { Fragment, useState } from "react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { ACTION_LABELS, entrySummary, hasDetails, memberLine, planValue } from "@/lib/console/sync-plan-wording";
import { PLAN_ACTIONS, type PlanAction, type PlanEntry } from "@/lib/provisioning/sync-plan/entries";
import type { SyncPlanPage } from "@/lib/provisioning/sync-plan/plan";

const PAGE = 50;
const COLUMNS = [{ label: "Details", visuallyHidden: true }, "Kind", "Name", "Action", "Summary"] as const;

const ACTION_STYLES: Record<PlanAction, string> = {
  create: "bg-emerald-50 text-emerald-700",
  update: "bg-brand-50 text-brand-700",
  delete: "bg-red-50 text-red-700",
  deactivate: "bg-amber-50 text-amber-800",
  unchanged: "bg-slate-100 text-slate-600",
};

export const syncPlanKey = (connectionId: string, type: string) => ["sync-plan", connectionId, type];

/**
 * A sync's dry run: what it would do to each user and group at the target, computed now and sent nowhere. Counts
 * on top (each a filter), pages of entries, rows that open on their attribute differences, then "Run sync".
 */
export function SyncPlan({ connectionId, type, label, running, onRun }: { connectionId: string; type: string; label: string; running: boolean; onRun: () => void }) {
  const [action, setAction] = useState<PlanAction>();
  const [opened, setOpened] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const url = (params: URLSearchParams) => `${ADMIN_API}/identity-providers/${connectionId}/sync/plan?${params}`;
  // the counts read every object once; the entries' pages leave them out, so a filter answers without that read
  const countsQuery = useQuery({
    queryKey: [...syncPlanKey(connectionId, type), "counts"],
    queryFn: async () => (await api<SyncPlanPage>(url(new URLSearchParams({ connectorType: type, count: "1" })))).counts,
    staleTime: 0,
  });
  const plan = useInfiniteQuery({
    queryKey: [...syncPlanKey(connectionId, type), "entries", action],
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ connectorType: type, count: String(PAGE), counts: "false" });
      if (action) params.set("action", action);
      if (pageParam) params.set("cursor", pageParam);
      return api<SyncPlanPage>(url(params));
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 0,
  });
  const counts = countsQuery.data;
  const entries = plan.data?.pages.flatMap((p) => p.entries) ?? [];
  const removals = (counts?.delete ?? 0) + (counts?.deactivate ?? 0);
  const toggle = (key: string) =>
    setOpened((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const filterButton = (value: PlanAction | undefined, text: string, count: number | undefined) => (
    <button
      key={value ?? "all"}
      type="button"
      aria-pressed={action === value}
      data-testid={`plan-count-${value ?? "all"}`}
      onClick={() => setAction(value)}
      className={`rounded-md border px-3 py-1 text-sm ${action === value ? "border-brand-600 bg-brand-50 font-medium text-brand-700" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`}
    >
      {text} <span className="tabular-nums">{count === undefined ? "…" : count.toLocaleString("en")}</span>
    </button>
  );

  return (
    <section aria-labelledby="sync-plan-title" className="space-y-3">
      <h4 id="sync-plan-title" className="text-base font-semibold">
        What a sync would do at the target
      </h4>
      <p className="text-sm text-slate-600">
        Computed from the current state; nothing has been sent. Differences are against what the target last received from this connector. Groups&apos; members are sent as adds (the target keeps those
        it has).
      </p>
      <div role="group" aria-label="Filter by action" className="flex flex-wrap gap-2">
        {filterButton(undefined, "All", counts ? PLAN_ACTIONS.reduce((n, a) => n + counts[a], 0) : undefined)}
        {PLAN_ACTIONS.map((a) => filterButton(a, ACTION_LABELS[a], counts?.[a]))}
      </div>
      {countsQuery.error ? (
        <p role="alert" className="text-sm text-red-700">
          {(countsQuery.error as Error).message}
        </p>
      ) : null}
      {counts && counts.queued > 0 && <p className="text-sm text-slate-600">{counts.queued.toLocaleString("en")} already have a change queued: the sync leaves them to it.</p>}
      <DataTable
        label={`Sync plan of the ${label} connector`}
        columns={COLUMNS}
        loading={plan.isPending}
        error={plan.error}
        empty={plan.isSuccess && entries.length === 0 && (action ? `Nothing to ${ACTION_LABELS[action].toLowerCase()}.` : "Nothing to sync.")}
      >
        {entries.map((entry) => {
          const key = `${entry.kind}:${entry.id}`;
          const detailsId = `plan-details-${entry.kind}-${entry.id}`;
          const open = opened.has(key);
          return (
            <Fragment key={key}>
              <tr>
                <td className="px-4 py-2">
                  {hasDetails(entry) && (
                    <button
                      type="button"
                      className="text-brand-700 hover:underline"
                      aria-expanded={open}
                      aria-controls={detailsId}
                      aria-label={`${open ? "Hide" : "Show"} differences of ${entry.name}`}
                      onClick={() => toggle(key)}
                    >
                      <span aria-hidden="true">{open ? "▾" : "▸"}</span>
                    </button>
                  )}
                </td>
                <td className="px-4 py-2 text-slate-600">{entry.kind === "user" ? "User" : "Group"}</td>
                <td className="break-all px-4 py-2 font-medium text-slate-900">{entry.name}</td>
                <td className="px-4 py-2">
                  <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${ACTION_STYLES[entry.action]}`}>{ACTION_LABELS[entry.action]}</span>
                  {entry.queued && <span className="ml-1 inline-block rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">queued</span>}
                </td>
                <td className="px-4 py-2 text-slate-600">{entrySummary(entry)}</td>
              </tr>
              {open && (
                <tr id={detailsId} className="bg-slate-50/50">
                  <td colSpan={COLUMNS.length} className="px-4 py-3">
                    <EntryDetails entry={entry} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </DataTable>
      {plan.hasNextPage && (
        <Button variant="secondary" disabled={plan.isFetchingNextPage} onClick={() => void plan.fetchNextPage()}>
          {plan.isFetchingNextPage ? "Loading…" : "Show more"}
        </Button>
      )}
      <div className="flex gap-2">
        <Button disabled={running || !counts} onClick={() => (removals > 0 ? setConfirming(true) : onRun())}>
          Run sync
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Run the sync?"
        confirmLabel={`Sync, with ${removals.toLocaleString("en")} removal${removals === 1 ? "" : "s"}`}
        busy={running}
        onConfirm={() => {
          setConfirming(false);
          onRun();
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {(counts?.delete ?? 0).toLocaleString("en")} deleted and {(counts?.deactivate ?? 0).toLocaleString("en")} deactivated at the target, with the creates and updates listed. The
          connection&apos;s deletion guard still applies.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function EntryDetails({ entry }: { entry: PlanEntry }) {
  if (entry.kind === "group") {
    return (
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" aria-label={`Membership of ${entry.name}`}>
        <dt className="text-slate-500">Members added</dt>
        <dd>{entry.membersAdded ? memberLine(entry.membersAdded) : "none"}</dd>
        <dt className="text-slate-500">Members removed</dt>
        <dd>{entry.membersRemoved ? memberLine(entry.membersRemoved) : "none"}</dd>
      </dl>
    );
  }
  return (
    <table className="min-w-full text-sm" aria-label={`Attribute differences of ${entry.name}`}>
      <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-4">
            Attribute
          </th>
          <th scope="col" className="py-1 pr-4">
            Last sent
          </th>
          <th scope="col" className="py-1">
            Would send
          </th>
        </tr>
      </thead>
      <tbody>
        {entry.differences?.map((d) => (
          <tr key={d.path}>
            <th scope="row" className="break-all py-1 pr-4 text-left font-mono text-xs font-normal text-slate-700">
              {d.path}
            </th>
            {d.secret ? (
              <td colSpan={2} className="py-1 text-slate-600">
                changed
              </td>
            ) : (
              <>
                <td className="break-all py-1 pr-4 text-slate-600">{planValue(d.before)}</td>
                <td className="break-all py-1 text-slate-900">{d.after === undefined ? "(removed)" : planValue(d.after)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
