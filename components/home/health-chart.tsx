import type { ConnectionHealthJson } from "@/lib/console/connection-health";

const WIDTH = 480;
const HEIGHT = 120;
const BAR_AREA = 96;
const hourLabel = (at: string) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/**
 * The last 24 hours of one connection in plain SVG: a bar per hour (deliveries in green, failures in red above
 * them), a dark mark over hours that made dead letters, and the queue's depth at each hour's end as an amber
 * line on its own scale. Each hour has a tooltip with its figures.
 */
export function HealthChart({ health }: { health: ConnectionHealthJson }) {
  const series = health.series;
  const slot = WIDTH / Math.max(1, series.length);
  const most = Math.max(1, ...series.map((p) => p.successes + p.failures));
  const deepest = Math.max(1, ...series.map((p) => p.queueDepth));
  const y = (n: number) => BAR_AREA - (n / most) * (BAR_AREA - 8);
  const depthY = (n: number) => BAR_AREA - (n / deepest) * (BAR_AREA - 8);
  const depthLine = series.map((p, i) => `${(i + 0.5) * slot},${depthY(p.queueDepth)}`).join(" ");
  const summary = `${health.connectionName}, last 24 hours: ${health.successes} delivered, ${health.failures} failed, ${health.deadLetters} dead letters; ${health.queueDepth} queued now`;
  return (
    <figure className="w-full">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} className="h-32 w-full" preserveAspectRatio="none">
        <line x1={0} x2={WIDTH} y1={BAR_AREA} y2={BAR_AREA} className="stroke-slate-300" strokeWidth={1} />
        {series.map((p, i) => {
          const x = i * slot + 2;
          const w = slot - 4;
          return (
            <g key={p.at} data-testid="health-hour" data-successes={p.successes} data-failures={p.failures} data-dead-letters={p.deadLetters} data-queue-depth={p.queueDepth}>
              <title>{`${hourLabel(p.at)}: ${p.successes} delivered, ${p.failures} failed, ${p.deadLetters} dead letters, ${p.queueDepth} queued at the hour's end`}</title>
              <rect x={i * slot} y={0} width={slot} height={BAR_AREA} className="fill-transparent hover:fill-slate-100" />
              {p.successes > 0 && <rect x={x} y={y(p.successes)} width={w} height={BAR_AREA - y(p.successes)} className="fill-emerald-500" />}
              {p.failures > 0 && <rect x={x} y={y(p.successes + p.failures)} width={w} height={y(p.successes) - y(p.successes + p.failures)} className="fill-red-500" />}
              {p.deadLetters > 0 && <rect x={x} y={Math.max(0, y(p.successes + p.failures) - 6)} width={w} height={4} className="fill-red-900" />}
            </g>
          );
        })}
        {series.some((p) => p.queueDepth > 0) && <polyline points={depthLine} fill="none" className="stroke-amber-500" strokeWidth={2} vectorEffect="non-scaling-stroke" />}
        {series.length > 0 && (
          <>
            <text x={2} y={HEIGHT - 4} className="fill-slate-500 text-[10px]">
              {hourLabel(series[0]!.at)}
            </text>
            <text x={WIDTH - 2} y={HEIGHT - 4} textAnchor="end" className="fill-slate-500 text-[10px]">
              now
            </text>
          </>
        )}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-slate-600">
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-emerald-500" />
          delivered
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-red-500" />
          failed
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-2 bg-red-900" />
          dead letters
        </span>
        <span>
          <span className="mr-1 inline-block h-0.5 w-3 bg-amber-500 align-middle" />
          queue depth (up to {deepest})
        </span>
      </figcaption>
    </figure>
  );
}
