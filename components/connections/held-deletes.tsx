"use client";

import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toast";
import type { HeldRemovals } from "@/lib/provisioning/held-removals";

const REFRESH_MS = 5_000;
const COLUMNS = [{ label: "Select", visuallyHidden: true }, "User", "Change", "Why", "Held since"] as const;

export const heldKey = (connectionId: string) => ["held-deletes", connectionId];

type Decision = "approve" | "discard";

/**
 * The deletion guard's banner on a connection's page: shown while deletes are held, with the list and the two
 * decisions (on the ones selected, or on all), each behind a confirmation.
 */
export function HeldDeletes({ connectionId, connectionName }: { connectionId: string; connectionName: string }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const held = useQuery({
    queryKey: heldKey(connectionId),
    queryFn: () => api<HeldRemovals>(`${ADMIN_API}/identity-providers/${connectionId}/provisioning/held-deletes?count=500`),
    refetchInterval: REFRESH_MS,
  });
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [confirming, setConfirming] = useState<Decision>();
  const [busy, setBusy] = useState(false);

  const data = held.data;
  if (!data || data.totalResults === 0) return null;
  const visible = new Set(data.items.map((i) => i.seq));
  const chosen = [...selected].filter((s) => visible.has(s));
  const scope = chosen.length ? `${chosen.length} selected` : `all ${data.totalResults}`;
  const g = data.guard;

  const decide = async (decision: Decision) => {
    setBusy(true);
    try {
      const { count } = await api<{ count: number }>(`${ADMIN_API}/identity-providers/${connectionId}/provisioning/held-deletes/${decision}`, {
        method: "POST",
        json: chosen.length ? { seqs: chosen } : {},
      });
      toast("success", decision === "approve" ? `${count} held delete${count === 1 ? "" : "s"} released for delivery` : `${count} held delete${count === 1 ? "" : "s"} discarded`);
      setSelected(new Set());
      await Promise.all([queryClient.invalidateQueries({ queryKey: heldKey(connectionId) }), queryClient.invalidateQueries({ queryKey: ["held-deletes-by-connection"] })]);
    } catch (err) {
      toast("error", (err as Error).message);
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };

  return (
    <section aria-label="Held deletes" className="mb-6 space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <div role="status">
        <h2 className="text-sm font-semibold text-amber-900">
          Deletion guard: {data.totalResults} delete{data.totalResults === 1 ? "" : "s"} held for {connectionName}
        </h2>
        <p className="text-sm text-amber-900">
          More than {g.threshold}
          {g.thresholdType === "percentage" ? "% of the provisioned users" : ""} were to be deleted or deactivated within {g.windowMinutes} minutes. They are not sent, and further deletes are held
          too, until you approve or discard them. Creates and updates keep flowing.
        </p>
      </div>
      <DataTable label="Held deletes" columns={COLUMNS}>
        {data.items.map((item) => (
          <tr key={item.seq}>
            <td className="px-4 py-2">
              <input
                type="checkbox"
                aria-label={`Select ${item.entityName || item.entityId}`}
                checked={selected.has(item.seq)}
                onChange={(e) =>
                  setSelected((s) => {
                    const next = new Set(s);
                    if (e.target.checked) next.add(item.seq);
                    else next.delete(item.seq);
                    return next;
                  })
                }
              />
            </td>
            <td className="px-4 py-2 font-medium text-slate-900">{item.entityName || item.entityId}</td>
            <td className="px-4 py-2">{item.operation === "delete" ? "Delete" : "Deactivate"}</td>
            <td className="px-4 py-2 text-slate-600">{item.reason}</td>
            <td className="px-4 py-2 text-slate-600">{new Date(item.heldAt).toLocaleString()}</td>
          </tr>
        ))}
      </DataTable>
      {data.totalResults > data.items.length && <p className="text-xs text-amber-900">The first {data.items.length} are listed; deciding all applies to every one.</p>}
      <div className="flex gap-2">
        <Button onClick={() => setConfirming("approve")}>Approve {scope}</Button>
        <Button variant="secondary" onClick={() => setConfirming("discard")}>
          Discard {scope}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming !== undefined}
        title={confirming === "approve" ? "Approve held deletes?" : "Discard held deletes?"}
        confirmLabel={confirming === "approve" ? `Send ${scope} deletes` : `Discard ${scope} deletes`}
        busy={busy}
        onConfirm={() => void decide(confirming!)}
        onCancel={() => setConfirming(undefined)}
      >
        {confirming === "approve" ? (
          <p>
            {scope === `all ${data.totalResults}` ? "Every held delete" : `The ${chosen.length} selected deletes`} will be sent to {connectionName} now: those users are deleted or deactivated there.
          </p>
        ) : (
          <p>
            {scope === `all ${data.totalResults}` ? "Every held delete" : `The ${chosen.length} selected deletes`} will be dropped without being sent: those users stay at {connectionName}. The
            provisioning log keeps a record.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
