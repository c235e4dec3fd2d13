"use client";

import { forwardRef } from "react";
import type { ProvisionTrace } from "@/lib/provisioning/provision-trace";
import type { CheckOutcome } from "@/lib/provisioning/provision-scope";
import type { RecordedExchange } from "@/lib/provisioning/connectors/exchange-recorder";
import { ExchangeView } from "./exchange-view";
import { StatusBadge } from "./provisioning-activity";

type StepState = "done" | "failed" | "skipped" | "info";

// an icon for the eye, the word for screen readers and anyone who does not read colours
const STATE: Record<StepState, { icon: string; word: string; style: string }> = {
  done: { icon: "✓", word: "Done", style: "bg-emerald-50 text-emerald-700" },
  failed: { icon: "✕", word: "Failed", style: "bg-red-50 text-red-700" },
  skipped: { icon: "–", word: "Skipped", style: "bg-slate-100 text-slate-600" },
  info: { icon: "i", word: "Note", style: "bg-brand-50 text-brand-700" },
};

const CHECK_STATE: Record<CheckOutcome, StepState> = { pass: "done", fail: "failed", info: "info" };
const CHECK_WORD: Record<CheckOutcome, string> = { pass: "Passed", fail: "Failed", info: "Note" };

function StateIcon({ state, word }: { state: StepState; word?: string }) {
  const s = STATE[state];
  return (
    <span className={`inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full px-1 text-xs font-bold ${s.style}`}>
      <span aria-hidden="true">{s.icon}</span>
      <span className="sr-only">{word ?? s.word}</span>
    </span>
  );
}

function Step({ title, state, children }: { title: string; state: StepState; children: React.ReactNode }) {
  return (
    <li className="rounded-md border border-slate-200 bg-white p-4">
      <h4 className="mb-2 flex items-center gap-2 font-medium text-slate-900">
        <StateIcon state={state} />
        {title}
      </h4>
      <div className="space-y-2 text-sm text-slate-700">{children}</div>
    </li>
  );
}

function Exchange({ exchange, index }: { exchange: RecordedExchange; index: number }) {
  return (
    <li className="space-y-2 border-t border-slate-200 pt-3 first:border-t-0 first:pt-0">
      <p className="font-mono text-xs text-slate-800">
        <span className="sr-only">Request {index + 1}: </span>
        {exchange.method} {exchange.url} → {exchange.status !== undefined ? `HTTP ${exchange.status}` : "no answer"} <span className="text-slate-500">({exchange.durationMs} ms)</span>
      </p>
      <details>
        <summary className="cursor-pointer text-xs text-brand-700">Request headers</summary>
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 font-mono text-xs">
          {Object.entries(exchange.headers).map(([name, value]) => (
            <div key={name} className="contents">
              <dt className="text-slate-500">{name}</dt>
              <dd className="break-all text-slate-800">{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <ExchangeView attempt={{ request: exchange.request, response: exchange.response, error: exchange.error ?? null }} />
    </li>
  );
}

function requestsState(trace: ProvisionTrace): StepState {
  const d = trace.delivery;
  if (!d) return "skipped";
  if (d.status === "success") return "done";
  if (d.status === "skipped" || d.status === "held" || d.status === "held-back") return "skipped";
  return "failed";
}

/** What provision now did, step by step: scope, mapping, the requests and answers, the remote id. */
export const ProvisionTraceView = forwardRef<HTMLHeadingElement, { trace: ProvisionTrace }>(function ProvisionTraceView({ trace }, headingRef) {
  const { scope, mapping, delivery, remoteId } = trace;
  const failed = trace.outcome === "failed";
  return (
    <section aria-labelledby="provision-trace-heading" className="space-y-3">
      <h3 id="provision-trace-heading" ref={headingRef} tabIndex={-1} className={`text-base font-semibold focus:outline-none ${failed ? "text-red-700" : "text-slate-900"}`}>
        {trace.summary}
      </h3>
      <ol aria-label="Provisioning steps" className="list-none space-y-3">
        <Step title={`1. Scope: ${scope.inScope ? "in scope" : "out of scope"}`} state={scope.inScope ? "done" : "info"}>
          <p>{scope.reason}</p>
          <ul aria-label="Scope checks" className="space-y-1">
            {scope.checks.map((c) => (
              <li key={c.check} className="flex items-start gap-2">
                <StateIcon state={CHECK_STATE[c.outcome]} word={CHECK_WORD[c.outcome]} />
                <span>
                  <span className="font-medium">{c.label}:</span> {c.detail}
                </span>
              </li>
            ))}
          </ul>
        </Step>
        <Step title="2. Attribute mapping" state={mapping ? "done" : "skipped"}>
          {mapping ? (
            <>
              <p>{mapping.note}</p>
              <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs text-slate-800">
                {JSON.stringify(mapping.representation, null, 2)}
              </pre>
            </>
          ) : (
            <p>{scope.action === "delete" ? "A delete sends no attributes." : "Nothing is sent, so nothing is mapped."}</p>
          )}
        </Step>
        <Step title="3. Requests and responses" state={requestsState(trace)}>
          {!delivery && <p>No request sent.</p>}
          {delivery && (
            <>
              <p>
                <StatusBadge status={delivery.status} /> {delivery.operation}
                {delivery.httpStatus !== null && <span className="text-slate-500"> · HTTP {delivery.httpStatus}</span>}
                <span className="text-slate-500"> · {delivery.durationMs} ms · written to the provisioning log</span>
              </p>
              {delivery.error && <p className="text-red-700">{delivery.error}</p>}
              {delivery.exchanges.length > 0 ? (
                <ol aria-label="HTTP exchanges" className="list-none space-y-3">
                  {delivery.exchanges.map((e, i) => (
                    <Exchange key={i} exchange={e} index={i} />
                  ))}
                </ol>
              ) : (
                (delivery.request || delivery.response) && <ExchangeView attempt={{ request: delivery.request, response: delivery.response, error: null }} />
              )}
            </>
          )}
        </Step>
        <Step title="4. Remote id" state={remoteId.after ? "done" : "info"}>
          <p>
            {remoteId.after ? (
              <>
                Stored remote id: <code className="font-mono text-xs text-slate-900">{remoteId.after}</code>
              </>
            ) : (
              "No remote id stored for this connection."
            )}
            {remoteId.before && remoteId.before !== remoteId.after && (
              <span className="text-slate-500">
                {" "}
                (was <code className="font-mono text-xs">{remoteId.before}</code>)
              </span>
            )}
          </p>
        </Step>
      </ol>
    </section>
  );
});
