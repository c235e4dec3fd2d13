"use client";

import { Button } from "@/components/ui/button";
import { useCopy } from "@/components/ui/copyable-value";
import { formatExchange } from "@/lib/console/exchange-format";
import type { AttemptView } from "@/lib/provisioning/log";

function Exchange({ label, summary }: { label: string; summary: string }) {
  const copy = useCopy();
  const { text, format } = formatExchange(summary);
  return (
    <section aria-label={label} className="min-w-0 flex-1">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
          {label}
          {format !== "text" && <span className="ml-2 font-normal normal-case text-slate-400">{format.toUpperCase()}</span>}
        </h3>
        {summary && (
          <Button type="button" variant="secondary" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void copy(label, text)}>
            Copy
          </Button>
        )}
      </div>
      <pre className="max-h-[32rem] overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs text-slate-800">{text || "—"}</pre>
    </section>
  );
}

/** An attempt's request and response side by side across the whole table, formatted, each with a Copy button. */
export function ExchangeView({ attempt }: { attempt: Pick<AttemptView, "request" | "response" | "error"> }) {
  return (
    <div className="space-y-3">
      {attempt.error && <p className="text-sm text-red-700">{attempt.error}</p>}
      <div className="flex flex-col gap-4 lg:flex-row">
        <Exchange label="Request" summary={attempt.request} />
        <Exchange label="Response" summary={attempt.response} />
      </div>
    </div>
  );
}
