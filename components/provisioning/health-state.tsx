import { healthSummary, type ConnectionHealthJson, type HealthTone } from "@/lib/console/connection-health";

const toneStyle: Record<HealthTone, string> = {
  ok: "bg-emerald-50 text-emerald-700",
  warning: "bg-amber-50 text-amber-800",
  failing: "bg-red-50 text-red-700",
  off: "bg-slate-100 text-slate-600",
};

const clock = (at: Date) => at.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** A connection's provisioning state as a badge, with the last success and the day's figures under it. */
export function HealthState({ health, connectionEnabled }: { health: ConnectionHealthJson | undefined; connectionEnabled: boolean }) {
  const summary = healthSummary(health, connectionEnabled, clock);
  return (
    <div data-testid="connection-health">
      <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${toneStyle[summary.tone]}`}>{summary.state}</span>
      {summary.details.map((line) => (
        <div key={line} className="text-xs text-slate-600">
          {line}
        </div>
      ))}
    </div>
  );
}
