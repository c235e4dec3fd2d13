"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/provisioning/provisioning-activity";
import { HealthState } from "@/components/provisioning/health-state";
import { useProvisioningHealth } from "@/components/provisioning/use-health";
import { attemptHref } from "@/lib/console/provisioning-outcome";
import { HealthChart } from "./health-chart";

/** How many there are of each, read from the lists themselves (one item a page, or the whole short list). */
function useCount(key: string, path: string, read: (body: unknown) => number) {
  return useQuery({ queryKey: ["count", key], queryFn: async () => read(await api<unknown>(`${ADMIN_API}${path}`)) });
}
const total = (body: unknown) => (body as { totalResults: number }).totalResults;
const length = (body: unknown) => (body as unknown[]).length;

const COUNTS = [
  { key: "users", label: "Users", href: "/users", path: "/users?count=1", read: total },
  { key: "groups", label: "Groups", href: "/groups", path: "/groups?count=1", read: total },
  { key: "roles", label: "Roles", href: "/roles", path: "/roles?count=1", read: total },
  { key: "applications", label: "Applications", href: "/applications", path: "/applications", read: length },
  { key: "connections", label: "Connections", href: "/connections", path: "/identity-providers", read: length },
];

function CountCard({ label, href, path, read, id }: { label: string; href: string; path: string; read: (body: unknown) => number; id: string }) {
  const count = useCount(id, path, read);
  return (
    <Link href={href} className="min-w-36 rounded-lg border border-slate-200 bg-white px-4 py-3 hover:border-brand-300">
      <div className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</div>
      <div data-testid={`count-${id}`} className="text-2xl font-semibold text-slate-900">
        {count.data ?? (count.error ? "!" : "–")}
      </div>
    </Link>
  );
}

/** The console's first page: what the server holds, and whether provisioning keeps up with it. */
export function HomePage() {
  const health = useProvisioningHealth();
  const connections = health.data?.connections ?? [];
  return (
    <>
      <PageHeader title="Overview" description="What this server holds, and how outbound provisioning went over the last 24 hours." />
      <section aria-label="Counts" className="mb-8 flex flex-wrap gap-3">
        {COUNTS.map((c) => (
          <CountCard key={c.key} id={c.key} label={c.label} href={c.href} path={c.path} read={c.read} />
        ))}
      </section>

      <section aria-labelledby="health-title" className="mb-8">
        <h2 id="health-title" className="mb-3 text-lg font-semibold">
          Provisioning health, last 24 hours
        </h2>
        {health.isLoading && <p className="text-slate-500">Loading…</p>}
        {health.error && (
          <p role="alert" className="text-red-600">
            {(health.error as Error).message}
          </p>
        )}
        {health.data && connections.length === 0 && (
          <p className="text-slate-500">
            No connection provisions anywhere yet. Add an outbound connector to a{" "}
            <Link href="/connections" className="text-brand-700 hover:underline">
              connection
            </Link>
            .
          </p>
        )}
        <div className="grid gap-4 xl:grid-cols-2">
          {connections.map((c) => (
            <article key={c.connectionId} aria-label={`Health of ${c.connectionName}`} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="mb-2 flex items-start justify-between gap-3">
                <Link href={`/connections/${c.connectionId}`} className="font-medium text-brand-700 hover:underline">
                  {c.connectionName}
                </Link>
                <HealthState health={c} connectionEnabled />
              </div>
              <dl className="mb-2 grid grid-cols-4 gap-2 text-sm">
                {(
                  [
                    ["successes", "Delivered", c.successes],
                    ["failures", "Failed", c.failures],
                    ["dead-letters", "Dead letters", c.openDeadLetters],
                    ["queue", "Queued now", c.queueDepth],
                  ] as const
                ).map(([id, label, value]) => (
                  <div key={id}>
                    <dt className="text-xs text-slate-500">{label}</dt>
                    <dd data-testid={`health-${id}`} className="font-semibold">
                      {value}
                    </dd>
                  </div>
                ))}
              </dl>
              <HealthChart health={c} />
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="failures-title">
        <h2 id="failures-title" className="mb-3 text-lg font-semibold">
          Recent failures
        </h2>
        <DataTable
          label="Recent failures"
          columns={["Time", "Object", "Connection", "Status", "Error", { label: "Attempt", align: "right", visuallyHidden: true }]}
          loading={health.isLoading}
          empty={health.data?.recentFailures.length === 0 && "No open failures in the last 24 hours."}
        >
          {health.data?.recentFailures.map((a) => (
            <tr key={a.id} className="align-top">
              <td className="whitespace-nowrap px-4 py-2 text-slate-600">{new Date(a.at).toLocaleString()}</td>
              <td className="px-4 py-2">
                {a.entityName || a.entityId}
                <div className="text-xs text-slate-500">
                  {a.entityType} · {a.operation}
                </div>
              </td>
              <td className="px-4 py-2">{a.connectionName}</td>
              <td className="px-4 py-2">
                <StatusBadge status={a.status} />
              </td>
              <td className="max-w-md px-4 py-2 text-xs text-red-700">{a.error}</td>
              <td className="px-4 py-2 text-right">
                <Link href={attemptHref(a.id)} className="whitespace-nowrap text-brand-700 hover:underline" aria-label={`View the attempt for ${a.entityName || a.entityId} at ${a.connectionName}`}>
                  View attempt
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
