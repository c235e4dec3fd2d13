/** A column heading: its text, right-aligned (actions), or read by screen readers only (an unlabelled action column). */
export type Column = string | { label: string; align?: "right"; visuallyHidden?: boolean };

/** The console's table: framed, with a heading row; the caller gives the body rows and, inside the frame, a footer (a pager). */
export function DataTable({ label, columns, className = "", footer, children }: { label?: string; columns: readonly Column[]; className?: string; footer?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className={`${className ? `${className} ` : ""}overflow-hidden rounded-lg border border-slate-200 bg-white`}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => {
              const c = typeof column === "string" ? { label: column } : column;
              return (
                <th key={c.label} className={c.align === "right" ? "px-4 py-2 text-right" : "px-4 py-2"}>
                  {c.visuallyHidden ? <span className="sr-only">{c.label}</span> : c.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
      {footer}
    </div>
  );
}
