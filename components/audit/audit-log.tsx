"use client";

import Link from "next/link";
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { Button, Field, Input, PageHeader, Select } from "@/components/ui/controls";
import { DataTable } from "@/components/ui/data-table";
import { AUDIT_CHANNELS } from "@/lib/identity/audit-filter";
import type { AuditEventView } from "@/lib/identity/audit";
import { AUDIT_TARGET_TYPES, auditTargetHref } from "@/lib/console/audit-links";

type Page = { items: AuditEventView[]; nextCursor: string | null };
const FILTERS = ["actor", "channel", "action", "targetType", "targetId", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { actor: "", channel: "", action: "", targetType: "", targetId: "", from: "", to: "" };

/** The query string of a set of filters; the datetime-local boxes are in the browser's time zone. */
function queryOf(filters: Filters, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    const value = filters[key].trim();
    if (!value) continue;
    params.set(key, key === "from" || key === "to" ? new Date(value).toISOString() : value);
  }
  if (cursor) params.set("cursor", cursor);
  return params.toString();
}

export function AuditLog() {
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const log = useInfiniteQuery({
    queryKey: ["audit-events", filters],
    queryFn: ({ pageParam }) => api<Page>(`${ADMIN_API}/audit-events?${queryOf(filters, pageParam)}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const events = log.data?.pages.flatMap((p) => p.items) ?? [];
  const box = (key: keyof Filters) => ({
    id: `audit-${key}`,
    value: draft[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [key]: e.target.value }),
  });

  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the console, the admin API, SCIM, SOAP and just-in-time provisioning, newest first." />
      <form
        role="search"
        aria-label="Filter the audit log"
        className="mb-4 grid grid-cols-4 gap-3 rounded-lg border border-slate-200 bg-white p-4"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <Field label="Actor" htmlFor="audit-actor">
          <Input {...box("actor")} placeholder="user name" />
        </Field>
        <Field label="Channel" htmlFor="audit-channel">
          <Select {...box("channel")}>
            <option value="">Any</option>
            {AUDIT_CHANNELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </Select>
        </Field>
        <Field label="Action" htmlFor="audit-action">
          <Input {...box("action")} placeholder="e.g. user.create" />
        </Field>
        <Field label="Target type" htmlFor="audit-targetType">
          <Select {...box("targetType")}>
            <option value="">Any</option>
            {AUDIT_TARGET_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </Field>
        <Field label="Target id" htmlFor="audit-targetId">
          <Input {...box("targetId")} />
        </Field>
        <Field label="From" htmlFor="audit-from">
          <Input type="datetime-local" step="1" {...box("from")} />
        </Field>
        <Field label="To" htmlFor="audit-to">
          <Input type="datetime-local" step="1" {...box("to")} />
        </Field>
        <div className="flex items-end gap-2">
          <Button type="submit">Apply filters</Button>
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
      <DataTable
        label="Audit events"
        columns={["When", "Actor", "Channel", "Action", "Target", "Summary"]}
        loading={log.isLoading}
        error={log.error}
        empty={log.isSuccess && events.length === 0 && "No events match."}
        footer={
          log.hasNextPage && (
            <div className="px-4 py-3">
              <Button variant="secondary" disabled={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
                Load older events
              </Button>
            </div>
          )
        }
      >
        {events.map((e) => {
          const href = auditTargetHref(e.targetType, e.targetId);
          return (
            <tr key={e.id}>
              <td className="whitespace-nowrap px-4 py-2">{new Date(e.at).toLocaleString()}</td>
              <td className="px-4 py-2">{e.actor}</td>
              <td className="px-4 py-2">{e.channel}</td>
              <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
              <td className="px-4 py-2">
                {e.targetType}
                {e.targetId &&
                  (href ? (
                    <Link href={href} className="ml-1 font-mono text-xs text-brand-700 hover:underline">
                      {e.targetId}
                    </Link>
                  ) : (
                    <span className="ml-1 font-mono text-xs text-slate-500">{e.targetId}</span>
                  ))}
              </td>
              <td className="px-4 py-2">{e.summary}</td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
