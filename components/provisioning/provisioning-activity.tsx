"use client";

import Link from "next/link";
import { Fragment, useState } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, Input, PageHeader, Pager, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useDebounced } from "@/components/ui/use-debounced";
import { connectorLabel, useConnections, useConnectorTypes } from "@/components/connections/hooks";
import type { AttemptView, QueueSummary } from "@/lib/provisioning/log";
import type { HeldByConnection } from "@/lib/provisioning/held-removals";
import { ExchangeView } from "./exchange-view";

const PAGE = 25;
const REFRESH_MS = 5_000;

const STATUS_FILTERS = [
  { value: "", label: "All statuses" },
  { value: "retrying,dead", label: "Failed (retrying or dead)" },
  { value: "success", label: "Success" },
  { value: "retrying", label: "Retrying" },
  { value: "dead", label: "Dead" },
  { value: "skipped", label: "Skipped" },
  { value: "held,approved,discarded", label: "Deletion guard (held, approved, discarded)" },
];

const statusStyle: Record<string, string> = {
  success: "bg-emerald-50 text-emerald-700",
  retrying: "bg-amber-50 text-amber-800",
  dead: "bg-red-50 text-red-700",
  skipped: "bg-slate-100 text-slate-600",
  held: "bg-amber-100 text-amber-900",
  approved: "bg-sky-50 text-sky-800",
  discarded: "bg-slate-200 text-slate-700",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${statusStyle[status] ?? "bg-slate-100 text-slate-700"}`}>{status}</span>;
}

/** A filter on failures, where resolved ones are left out unless asked for. */
const isFailureFilter = (status: string) => status !== "" && status.split(",").every((s) => s === "retrying" || s === "dead");

/** Failed attempts whose event still waits or is dead can be sent again now. */
const retryable = (a: AttemptView) => (a.status === "retrying" || a.status === "dead") && (a.eventStatus === "dead" || a.eventStatus === "pending");

/** The provisioning log; `initialAttempt` opens it on one attempt, its request and response shown. */
export function ProvisioningActivity({ initialSearch = "", initialAttempt = "" }: { initialSearch?: string; initialAttempt?: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const connections = useConnections();
  const types = useConnectorTypes();
  const [status, setStatus] = useState("");
  const [connectionId, setConnectionId] = useState("");
  const [search, setSearch] = useState(initialSearch);
  const [startIndex, setStartIndex] = useState(1);
  const [includeResolved, setIncludeResolved] = useState(false);
  const [attemptId, setAttemptId] = useState(initialAttempt);
  const [opened, setOpened] = useState<string | undefined>(initialAttempt || undefined);
  const term = useDebounced(search.trim(), 250);
  const openOnly = isFailureFilter(status) && !includeResolved;

  const params = new URLSearchParams({ startIndex: String(startIndex), count: String(PAGE) });
  if (attemptId) params.set("id", attemptId);
  else {
    if (status) params.set("status", status);
    if (openOnly) params.set("openOnly", "true");
    if (connectionId) params.set("connectionId", connectionId);
    if (term) params.set("search", term);
  }
  const attempts = useQuery({
    queryKey: ["provisioning-attempts", attemptId, status, openOnly, connectionId, term, startIndex],
    queryFn: () => api<{ totalResults: number; startIndex: number; items: AttemptView[] }>(`${ADMIN_API}/provisioning/attempts?${params}`),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const queue = useQuery({ queryKey: ["provisioning-queue"], queryFn: () => api<QueueSummary>(`${ADMIN_API}/provisioning/queue`), refetchInterval: REFRESH_MS });

  const retry = async (body: { seqs?: number[]; connectorId?: string }) => {
    try {
      const { retried } = await api<{ retried: number }>(`${ADMIN_API}/provisioning/retry`, { method: "POST", json: body });
      toast("success", retried ? `${retried} event${retried === 1 ? "" : "s"} queued again` : "Nothing to retry: the change was delivered or superseded since");
      await Promise.all([queryClient.invalidateQueries({ queryKey: ["provisioning-attempts"] }), queryClient.invalidateQueries({ queryKey: ["provisioning-queue"] })]);
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };

  const held = useQuery({ queryKey: ["held-deletes-by-connection"], queryFn: () => api<HeldByConnection[]>(`${ADMIN_API}/provisioning/held-deletes`), refetchInterval: REFRESH_MS });
  const totals = queue.data?.totals;
  const failed = (totals?.dead ?? 0) + (totals?.retrying ?? 0);

  return (
    <>
      <PageHeader
        title="Provisioning activity"
        description="Every delivery of a user or group to an outbound connection, newest first. Failed deliveries are retried with backoff; dead ones wait for you."
      />
      {!!held.data?.length && (
        <section aria-label="Held deletes" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
          <h2 className="font-semibold">Deletion guard: deletes held for approval</h2>
          <ul className="mt-1 space-y-1">
            {held.data.map((h) => (
              <li key={h.connectionId}>
                {h.held} delete{h.held === 1 ? "" : "s"} held for {h.connectionName} —{" "}
                <Link className="font-medium underline" href={`/connections/${h.connectionId}`}>
                  review {h.connectionName}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-label="Queue" className="mb-6 flex flex-wrap items-end gap-3">
        {(
          [
            ["pending", "Pending", totals?.pending],
            ["retrying", "Retrying", totals?.retrying],
            ["in-flight", "In flight", totals?.inFlight],
            ["dead", "Dead", totals?.dead],
            ["delivered", "Delivered", totals?.delivered],
          ] as const
        ).map(([id, label, value]) => (
          <div key={id} className="min-w-28 rounded-lg border border-slate-200 bg-white px-4 py-3">
            <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</div>
            <div data-testid={`queue-${id}`} className="text-2xl font-semibold text-slate-900">
              {value ?? "–"}
            </div>
          </div>
        ))}
        {failed > 0 && (
          <Button variant="secondary" onClick={() => void retry({})}>
            Retry all failed
          </Button>
        )}
      </section>

      {attemptId && (
        <div role="status" className="mb-4 flex items-center gap-3 rounded-md border border-brand-200 bg-brand-50 px-4 py-2 text-sm">
          <span>Showing one attempt.</span>
          <Button
            variant="secondary"
            onClick={() => {
              setAttemptId("");
              setStartIndex(1);
              window.history.replaceState(null, "", "/provisioning-activity");
            }}
          >
            Show all attempts
          </Button>
        </div>
      )}
      <div className={`mb-4 flex flex-wrap items-center gap-3 ${attemptId ? "hidden" : ""}`}>
        <div className="w-56">
          <Select
            aria-label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setStartIndex(1);
            }}
          >
            {STATUS_FILTERS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="w-56">
          <Select
            aria-label="Connection"
            value={connectionId}
            onChange={(e) => {
              setConnectionId(e.target.value);
              setStartIndex(1);
            }}
          >
            <option value="">All connections</option>
            {connections.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </div>
        {isFailureFilter(status) && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={includeResolved}
              onChange={(e) => {
                setIncludeResolved(e.target.checked);
                setStartIndex(1);
              }}
            />
            Include resolved failures
          </label>
        )}
        <div className="w-72">
          <Input
            type="search"
            aria-label="Object"
            placeholder="User or group name, or id"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setStartIndex(1);
            }}
          />
        </div>
      </div>

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Provisioning attempts">
          <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Time</th>
              <th className="px-3 py-2">Object</th>
              <th className="px-3 py-2">Connection</th>
              <th className="px-3 py-2">Connector</th>
              <th className="px-3 py-2">Operation</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2">HTTP</th>
              <th className="px-3 py-2">Duration</th>
              <th className="px-3 py-2">Error</th>
              <th className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {attempts.isLoading && (
              <tr>
                <td colSpan={10} className="px-4 py-6 text-center text-slate-500">
                  Loading…
                </td>
              </tr>
            )}
            {attempts.error && (
              <tr>
                <td colSpan={10} role="alert" className="px-4 py-6 text-center text-red-600">
                  {(attempts.error as Error).message}
                </td>
              </tr>
            )}
            {attempts.data?.items.map((a) => (
              <Fragment key={a.id}>
                <tr className="align-top" data-attempt={a.id}>
                  <td className="whitespace-nowrap px-3 py-2 text-slate-600">{new Date(a.at).toLocaleString()}</td>
                  <td className="px-3 py-2">
                    {a.entityType === "User" ? (
                      <Link href={`/users/${a.entityId}`} className="font-medium text-brand-700 hover:underline">
                        {a.entityName || a.entityId}
                      </Link>
                    ) : (
                      <Link href={`/groups/${a.entityId}`} className="font-medium text-brand-700 hover:underline">
                        {a.entityName || a.entityId}
                      </Link>
                    )}
                    <div className="text-xs text-slate-500">{a.entityType}</div>
                  </td>
                  <td className="px-3 py-2">
                    {a.connectionId ? (
                      <Link href={`/connections/${a.connectionId}`} className="hover:underline">
                        {a.connectionName}
                      </Link>
                    ) : (
                      a.connectionName || "—"
                    )}
                  </td>
                  <td className="px-3 py-2">{a.connectorType ? connectorLabel(types.data, a.connectorType) : "—"}</td>
                  <td className="px-3 py-2">{a.operation}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={a.status} />
                    {a.resolved && (
                      <span className="ml-1 inline-block rounded bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700" title="The change reached the target later">
                        resolved
                      </span>
                    )}
                    {a.attempt > 1 && <div className="text-xs text-slate-500">attempt {a.attempt}</div>}
                  </td>
                  <td className="px-3 py-2">{a.httpStatus ?? "—"}</td>
                  <td className="whitespace-nowrap px-3 py-2">{a.durationMs} ms</td>
                  <td className="max-w-md px-3 py-2 text-xs text-red-700">
                    <div className="line-clamp-3">{a.error ?? ""}</div>
                    {(a.request || a.response) && (
                      <button
                        type="button"
                        className="mt-1 text-brand-700 hover:underline"
                        aria-expanded={opened === a.id}
                        aria-controls={`exchange-${a.id}`}
                        aria-label={`Request and response of ${a.entityName || a.entityId} at ${a.connectionName}`}
                        onClick={() => setOpened(opened === a.id ? undefined : a.id)}
                      >
                        {opened === a.id ? "Hide request and response" : "Request and response"}
                      </button>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {retryable(a) && (
                      <Button variant="secondary" className="whitespace-nowrap" aria-label={`Retry ${a.entityName || a.entityId} now`} onClick={() => void retry({ seqs: [a.eventSeq] })}>
                        Retry now
                      </Button>
                    )}
                  </td>
                </tr>
                {opened === a.id && (
                  <tr id={`exchange-${a.id}`} className="bg-slate-50/50">
                    <td colSpan={10} className="px-3 py-3">
                      <ExchangeView attempt={a} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
            {attempts.data && attempts.data.items.length === 0 && (
              <tr>
                <td colSpan={10} className="px-4 py-6 text-center text-slate-500">
                  {attemptId ? "This attempt is no longer in the log." : `No provisioning attempts${status || connectionId || term ? " match these filters" : " yet"}.`}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {attempts.data && <Pager startIndex={attempts.data.startIndex} count={PAGE} total={attempts.data.totalResults} onPage={setStartIndex} />}
      </div>
    </>
  );
}
