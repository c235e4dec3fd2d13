"use client";

import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { connectorLabel, useConnectorTypes } from "@/components/connections/hooks";
import type { ConnectorStatus } from "@/lib/provisioning/log";
import { StatusBadge } from "./provisioning-activity";
import { DataTable } from "@/components/ui/data-table";

/** Where a user stands at each outbound connection: its id there, the last delivery, what is still queued. */
export function UserProvisioningStatus({ userId }: { userId: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const types = useConnectorTypes();
  const status = useQuery({
    queryKey: ["user-provisioning", userId],
    queryFn: () => api<{ connectors: ConnectorStatus[] }>(`${ADMIN_API}/provisioning/users/${userId}`).then((r) => r.connectors),
    // a change just saved is delivered within moments: show it arrive
    refetchInterval: (q) => (q.state.data?.some((c) => c.pending > 0) ? 2_000 : false),
    retry: false,
  });

  // without permission to read the provisioning log, the section is not shown at all
  if (status.error instanceof ApiError && status.error.status === 403) return null;

  const retry = async (seqs: number[]) => {
    try {
      const { retried } = await api<{ retried: number }>(`${ADMIN_API}/provisioning/retry`, { method: "POST", json: { seqs } });
      toast("success", retried ? `${retried} event${retried === 1 ? "" : "s"} queued again` : "Nothing to retry");
      await queryClient.invalidateQueries({ queryKey: ["user-provisioning", userId] });
    } catch (err) {
      toast("error", (err as Error).message);
    }
  };

  return (
    <section aria-labelledby="user-provisioning-heading" className="mt-8 max-w-4xl space-y-3">
      <div className="flex items-baseline justify-between">
        <h2 id="user-provisioning-heading" className="text-lg font-semibold">
          Provisioning
        </h2>
        <Link href={`/provisioning-activity?search=${encodeURIComponent(userId)}`} className="text-sm text-brand-700 hover:underline">
          View activity
        </Link>
      </div>
      <DataTable
        label="Provisioning status"
        columns={["Connection", "Remote ID", "Last result", "Queue", { label: "Actions", visuallyHidden: true }]}
        loading={status.isLoading}
        error={status.error}
        empty={status.data?.length === 0 && "Not provisioned to any connection."}
      >
        {status.data?.map((c) => (
          <tr key={c.connectorId} className="align-top">
            <td className="px-4 py-2">
              {c.connectionId ? (
                <Link href={`/connections/${c.connectionId}`} className="font-medium text-brand-700 hover:underline">
                  {c.connectionName}
                </Link>
              ) : (
                c.connectionName || "Removed connection"
              )}
              <div className="text-xs text-slate-500">{connectorLabel(types.data, c.connectorType)}</div>
            </td>
            <td className="px-4 py-2 font-mono text-xs">{c.remoteId ?? <span className="font-sans text-slate-500">Not provisioned</span>}</td>
            <td className="px-4 py-2">
              {c.lastAttempt ? (
                <>
                  <StatusBadge status={c.lastAttempt.status} /> <span className="text-slate-600">{c.lastAttempt.operation}</span>
                  {c.lastAttempt.httpStatus !== null && <span className="text-slate-500"> · HTTP {c.lastAttempt.httpStatus}</span>}
                  <div className="text-xs text-slate-500">{new Date(c.lastAttempt.at).toLocaleString()}</div>
                  {c.lastAttempt.error && <div className="text-xs text-red-700">{c.lastAttempt.error}</div>}
                </>
              ) : (
                <span className="text-slate-500">No attempt yet</span>
              )}
              {c.pause && c.pending > 0 && (
                <div className="mt-1 text-xs text-amber-800">
                  <StatusBadge status="retrying" /> Target unavailable{c.pause.error ? `: ${c.pause.error}` : ""}. Queued changes wait untried until {new Date(c.pause.until).toLocaleTimeString()},
                  then one is sent to probe it.
                </div>
              )}
            </td>
            <td className="px-4 py-2 text-xs">
              {c.pending > 0 && <div>{c.pending} pending</div>}
              {c.dead > 0 && <div className="text-red-700">{c.dead} dead</div>}
              {c.pending === 0 && c.dead === 0 && <span className="text-slate-500">Up to date</span>}
            </td>
            <td className="px-4 py-2 text-right">
              {(c.dead > 0 || (c.pending > 0 && (c.lastAttempt?.status === "retrying" || c.pause))) && (
                <Button variant="secondary" onClick={() => void retry(c.openSeqs)}>
                  Retry now
                </Button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
