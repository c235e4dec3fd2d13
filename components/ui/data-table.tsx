/**
 * A column heading: its text, right-aligned (actions), read by screen readers only (an unlabelled action column),
 * or sortable: a button that sorts by it, the current order told by aria-sort. `content` replaces the text (a
 * "select all" checkbox), `label` still naming the column.
 */
export type Column =
  string | { label: string; align?: "right"; visuallyHidden?: boolean; sort?: { order?: "ascending" | "descending"; onSort: () => void }; content?: React.ReactNode; className?: string };

function SortButton({ label, sort }: { label: string; sort: { order?: "ascending" | "descending"; onSort: () => void } }) {
  const arrow = sort.order === "ascending" ? "▲" : sort.order === "descending" ? "▼" : "↕";
  return (
    <button type="button" onClick={sort.onSort} className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900">
      {label}
      <span aria-hidden="true" className={sort.order ? "text-brand-700" : "text-slate-400"}>
        {arrow}
      </span>
    </button>
  );
}

/**
 * The console's table: framed, with a heading row; the caller gives the body rows and, inside the frame, a footer (a pager).
 * The loading, error and empty rows are drawn here, spanning every column, so no caller counts its columns for a colSpan;
 * `empty` is shown when truthy, e.g. `empty={data?.length === 0 && "No applications yet."}`.
 */
export function DataTable({
  label,
  columns,
  className = "",
  footer,
  loading,
  error,
  empty,
  children,
}: {
  label?: string;
  columns: readonly Column[];
  className?: string;
  footer?: React.ReactNode;
  loading?: boolean;
  error?: unknown;
  empty?: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <div className={`${className ? `${className} ` : ""}relative overflow-x-auto rounded-lg border border-slate-200 bg-white`}>
      <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label={label}>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
          <tr>
            {columns.map((column) => {
              const c = typeof column === "string" ? { label: column } : column;
              return (
                <th
                  key={c.label}
                  scope="col"
                  aria-sort={c.sort ? (c.sort.order ?? "none") : undefined}
                  className={`${c.align === "right" ? "px-4 py-2 text-right" : "px-4 py-2"}${c.className ? ` ${c.className}` : ""}`}
                >
                  {c.content ?? (c.visuallyHidden ? <span className="sr-only">{c.label}</span> : c.sort ? <SortButton label={c.label} sort={c.sort} /> : c.label)}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {loading && (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-500">
                Loading…
              </td>
            </tr>
          )}
          {error ? (
            <tr>
              <td colSpan={columns.length} role="alert" className="px-4 py-6 text-center text-red-600">
                {(error as Error).message}
              </td>
            </tr>
          ) : null}
          {children}
          {empty ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
