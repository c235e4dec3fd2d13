"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { batchSummary, type BatchOutcome } from "@/lib/console/list-paging";
import type { UserView } from "@/lib/identity/users/user-view";

type Action = "delete" | "disable" | "enable";

/** What can be done to the users selected in the list: disable, enable or delete them, each with its result told. */
export function UserBulkActions({ users, onDone }: { users: UserView[]; onDone: () => void }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  if (!users.length) return null;

  const run = async (action: Action) => {
    setBusy(true);
    try {
      const { results } = await api<{ results: BatchOutcome[] }>(`${ADMIN_API}/users/batch`, { method: "POST", json: { action, ids: users.map((u) => u.id) } });
      const { tone, message } = batchSummary(action, results);
      toast(tone, message);
      onDone();
    } catch (err) {
      toast("error", (err as Error).message);
    } finally {
      setBusy(false);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: ["users"] });
    }
  };

  const count = `${users.length} user${users.length === 1 ? "" : "s"}`;
  return (
    <div role="region" aria-label="Selected users" className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-brand-200 bg-brand-50 px-4 py-2 text-sm">
      <span className="mr-2 font-medium text-slate-800">{count} selected</span>
      <Button variant="secondary" disabled={busy} onClick={() => run("disable")}>
        Disable
      </Button>
      <Button variant="secondary" disabled={busy} onClick={() => run("enable")}>
        Enable
      </Button>
      <Button variant="danger" disabled={busy} onClick={() => setConfirming(true)}>
        Delete
      </Button>
      <ConfirmDialog open={confirming} title={`Delete ${count}?`} confirmLabel={`Delete ${count}`} busy={busy} onConfirm={() => run("delete")} onCancel={() => setConfirming(false)}>
        <p>
          {users
            .slice(0, 5)
            .map((u) => u.userName)
            .join(", ")}
          {users.length > 5 ? ` and ${users.length - 5} more` : ""} will be deleted with their memberships and role assignments, and removed from the connections they are provisioned to. This cannot
          be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
