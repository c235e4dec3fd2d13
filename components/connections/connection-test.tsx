"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import type { ConnectorTestOutcome } from "@/lib/provisioning/connection-test";
import type { ConnectionTestResult } from "@/lib/provisioning/connectors/types";

const STATE_STYLE: Record<string, string> = {
  supported: "text-emerald-700",
  unsupported: "text-red-700",
  unknown: "text-slate-500",
};
const STATE_TEXT: Record<string, string> = { supported: "Supported", unsupported: "Not supported", unknown: "Unknown" };

/**
 * Tests a connector: the saved settings (`config` undefined; the result is kept and the connection refreshed) or
 * the unsaved settings of a form, whose secrets left empty fall back to the saved ones.
 */
export function useConnectionTest(connectionId: string, type: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (config?: Record<string, unknown>) =>
      api<ConnectorTestOutcome>(`${ADMIN_API}/identity-providers/${connectionId}/connectors/${type}/test`, { method: "POST", json: config ? { config } : {} }),
    onSuccess: async (outcome) => {
      if (outcome.stored) await Promise.all([queryClient.invalidateQueries({ queryKey: ["connection", connectionId] }), queryClient.invalidateQueries({ queryKey: ["connections"] })]);
    },
  });
}

/** What a connection test found: its sentence, then one row per capability with the answer that decided it. */
export function ConnectionTestReport({ result, title }: { result: ConnectionTestResult; title: string }) {
  return (
    <div className="space-y-2">
      <div
        role={result.ok ? "status" : "alert"}
        className={`rounded-md border px-3 py-2 text-sm ${result.ok ? "border-emerald-200 bg-emerald-50 text-emerald-800" : "border-red-200 bg-red-50 text-red-700"}`}
      >
        {result.message}
      </div>
      {result.capabilities.length > 0 && (
        <DataTable label={title} columns={["Capability", "Result", "Evidence"]}>
          {result.capabilities.map((c) => (
            <tr key={c.capability}>
              <td className="px-4 py-2">{c.label}</td>
              <td className={`px-4 py-2 font-medium ${STATE_STYLE[c.state]}`}>{STATE_TEXT[c.state]}</td>
              <td className="px-4 py-2 font-mono text-xs text-slate-600">{c.evidence}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <p className="text-xs text-slate-500">Tested {new Date(result.testedAt).toLocaleString()}</p>
    </div>
  );
}

/** A "Test connection" button for a form: tests the settings as typed and shows the report below it. */
export function TestConnectionPanel({ connectionId, type, label, config }: { connectionId: string; type: string; label: string; config: () => Record<string, unknown> | undefined }) {
  const test = useConnectionTest(connectionId, type);
  return (
    <div className="mt-4 space-y-3">
      <Button
        variant="secondary"
        type="button"
        disabled={test.isPending}
        onClick={() => {
          const settings = config();
          if (settings) test.mutate(settings);
        }}
      >
        {test.isPending ? "Testing…" : "Test connection"}
      </Button>
      {test.error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {test.error.message}
        </div>
      )}
      {test.data && <ConnectionTestReport result={test.data} title={`${label} connection test`} />}
    </div>
  );
}
