"use client";

import { groupSelection } from "@/lib/identity/permission-catalogue";
import { withPermissions } from "@/lib/console/role-form";
import type { PermissionGroup } from "./hooks";

/** The permissions as WSO2's console lists them: a box per permission, and one per group to tick or clear it whole. */
export function PermissionPicker({
  groups,
  value,
  onChange,
  disabled,
}: {
  groups: readonly PermissionGroup[];
  value: readonly string[];
  onChange: (permissions: string[]) => void;
  disabled?: boolean;
}) {
  const chosen = new Set(value);
  const states = new Map(groupSelection(groups, value).map((s) => [s.id, s.state]));
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {groups.map((group) => {
        const state = states.get(group.id) ?? "none";
        const names = group.permissions.map((p) => p.name);
        return (
          <fieldset key={group.id} className="rounded-lg border border-slate-200 bg-white p-4">
            <legend className="px-1 text-sm font-semibold text-slate-800">{group.label}</legend>
            <label className="mb-2 flex items-center gap-2 border-b border-slate-100 pb-2 text-xs text-slate-500">
              <input
                type="checkbox"
                aria-label={`All ${group.label} permissions`}
                disabled={disabled}
                checked={state === "all"}
                ref={(el) => {
                  if (el) el.indeterminate = state === "some";
                }}
                onChange={(e) => onChange(withPermissions(value, names, e.target.checked))}
              />
              All · {group.apiResource}
            </label>
            <div className="space-y-1.5">
              {group.permissions.map((p) => (
                <label key={p.name} className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-0.5" disabled={disabled} checked={chosen.has(p.name)} onChange={(e) => onChange(withPermissions(value, [p.name], e.target.checked))} />
                  <span>
                    <span className="text-slate-800">{p.description}</span> <code className="text-xs text-slate-500">{p.name}</code>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
