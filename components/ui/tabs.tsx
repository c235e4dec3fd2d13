"use client";

import { useRef } from "react";
import { tabAfterKey } from "@/lib/console/tab-keys";
import { useHydrated } from "./use-hydrated";

/**
 * An accessible tab strip (WAI-ARIA tabs pattern with automatic activation): one tab stop, the arrow keys, Home
 * and End move between tabs and select them; the caller renders the selected panel as children.
 */
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
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (e: React.KeyboardEvent, index: number) => {
    const next = tabAfterKey(e.key, index, tabs.length);
    if (next === undefined) return;
    e.preventDefault();
    onSelect(tabs[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label={label} className="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
        {tabs.map((t, i) => {
          const isSelected = selected === t.id;
          return (
            <button
              key={t.id}
              ref={(el) => {
                buttons.current[i] = el;
              }}
              id={`tab-${t.id}`}
              role="tab"
              type="button"
              disabled={!hydrated}
              tabIndex={isSelected ? 0 : -1}
              aria-selected={isSelected}
              // only the selected tab's panel exists, so only it is referred to
              aria-controls={isSelected ? `panel-${t.id}` : undefined}
              onClick={() => onSelect(t.id)}
              onKeyDown={(e) => onKeyDown(e, i)}
              className={`-mb-px shrink-0 whitespace-nowrap border-b-2 px-4 py-2 text-sm ${isSelected ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`} tabIndex={0} className="focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
        {children}
      </div>
    </>
  );
}
