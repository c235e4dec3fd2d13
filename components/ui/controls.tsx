"use client";

import { forwardRef, useState } from "react";
import { pageOf, startOfPage } from "@/lib/console/list-paging";
import { Button } from "./button";

export { Button };

export const Input = forwardRef<HTMLInputElement, React.InputHTMLAttributes<HTMLInputElement>>(function Input({ className = "", ...props }, ref) {
  return (
    <input
      ref={ref}
      className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500 ${className}`}
      {...props}
    />
  );
});

export const Select = forwardRef<HTMLSelectElement, React.SelectHTMLAttributes<HTMLSelectElement>>(function Select({ className = "", ...props }, ref) {
  return <select ref={ref} className={`block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm ${className}`} {...props} />;
});

/** A labelled form row; the error text is tied to the control for screen readers and tests. */
export function Field({ label, htmlFor, error, hint, children }: { label: string; htmlFor: string; error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-xs text-slate-500">{hint}</p>}
      {error && (
        <p id={`${htmlFor}-error`} className="text-xs text-red-600" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A page's heading; a very long title (a 250-character user name) shows three lines, the whole of it on hover. */
export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex items-start justify-between gap-4">
      <div className="min-w-0">
        <h1 className="line-clamp-3 text-2xl font-semibold text-slate-900" title={title.length > 60 ? title : undefined}>
          {title}
        </h1>
        {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
    </div>
  );
}

/**
 * Previous and Next under a list; with `onPageSize`, also the page size and a "go to page" box, for lists long
 * enough that paging through them one by one is no way to reach the end.
 */
export function Pager({
  startIndex,
  count,
  total,
  onPage,
  pageSizes,
  onPageSize,
}: {
  startIndex: number;
  count: number;
  total: number;
  onPage: (startIndex: number) => void;
  pageSizes?: readonly number[];
  onPageSize?: (size: number) => void;
}) {
  const last = Math.min(total, startIndex + count - 1);
  const { page, pages } = pageOf(startIndex, count, total);
  const [typed, setTyped] = useState("");
  const jump = (e: React.FormEvent) => {
    e.preventDefault();
    if (typed.trim()) onPage(startOfPage(Number(typed), count, total));
    setTyped("");
  };
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-slate-600">
      <span>{total === 0 ? "No results" : `${startIndex}–${last} of ${total.toLocaleString("en")}`}</span>
      <div className="flex flex-wrap items-center gap-2">
        {onPageSize && pageSizes && (
          <label className="flex items-center gap-2">
            <span>Per page</span>
            <Select className="w-auto py-1.5" value={count} onChange={(e) => onPageSize(Number(e.target.value))}>
              {pageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </Select>
          </label>
        )}
        {onPageSize && pages > 1 && (
          <form onSubmit={jump} className="flex items-center gap-2">
            <label htmlFor="pager-go-to" className="whitespace-nowrap">
              Page {page.toLocaleString("en")} of {pages.toLocaleString("en")}
            </label>
            <Input id="pager-go-to" className="w-20 py-1.5" inputMode="numeric" placeholder="Go to" aria-label="Go to page" value={typed} onChange={(e) => setTyped(e.target.value)} />
            <Button variant="secondary" type="submit">
              Go
            </Button>
          </form>
        )}
        <Button variant="secondary" disabled={startIndex <= 1} onClick={() => onPage(Math.max(1, startIndex - count))}>
          Previous
        </Button>
        <Button variant="secondary" disabled={last >= total} onClick={() => onPage(startIndex + count)}>
          Next
        </Button>
      </div>
    </div>
  );
}
