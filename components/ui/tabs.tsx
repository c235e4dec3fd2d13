"use client";

import { useHydrated } from "./use-hydrated";

/** An accessible tab strip (WAI-ARIA tabs pattern); the caller renders the selected panel as children. */
export function Tabs<T extends string>({
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  label: string;
  tabs: readonly { id: T; label: string }[];
  selected: T;
  onSelect: (id: T) => void;
  children: React.ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <>
      <div role="tablist" aria-label={label} className="mb-6 flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            role="tab"
            type="button"
            disabled={!hydrated}
            aria-selected={selected === t.id}
            aria-controls={`panel-${t.id}`}
            onClick={() => onSelect(t.id)}
            className={`-mb-px border-b-2 px-4 py-2 text-sm ${selected === t.id ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`}>
        {children}
      </div>
    </>
  );
}
