"use client";

import { Button } from "./button";
import { useToast } from "./toast";

/** Copies a value to the clipboard and says so, or says how to copy it by hand where the browser cannot. */
export function useCopy() {
  const toast = useToast();
  return async (label: string, value: string) => {
    try {
      // navigator.clipboard is missing outside secure contexts (plain http on a non-local host)
      if (!navigator.clipboard) throw new Error("unavailable");
      await navigator.clipboard.writeText(value);
      toast("success", `${label} copied`);
    } catch {
      toast("error", `Copying is not available here: select the ${label.toLowerCase()} and copy it yourself.`);
    }
  };
}

/** A value shown in full, selectable, with a Copy button: credentials, a callback URL to register elsewhere. */
export function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const copyValue = useCopy();
  const copy = () => copyValue(label, value);
  return (
    <div className="space-y-1">
      <div className="text-sm font-medium text-slate-700">{label}</div>
      <div className="flex items-center gap-2">
        <code data-testid={testId} className="block flex-1 select-all break-all rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm">
          {value}
        </code>
        <Button type="button" variant="secondary" aria-label={`Copy ${label.toLowerCase()}`} onClick={copy}>
          Copy
        </Button>
      </div>
    </div>
  );
}
