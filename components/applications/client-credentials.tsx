"use client";

import { Button } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";

function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  const toast = useToast();
  const copy = async () => {
    try {
      // navigator.clipboard is missing outside secure contexts (plain http on a non-local host)
      if (!navigator.clipboard) throw new Error("unavailable");
      await navigator.clipboard.writeText(value);
      toast("success", `${label} copied`);
    } catch {
      toast("error", `Copying is not available here: select the ${label.toLowerCase()} and copy it yourself.`);
    }
  };
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

/** Credentials right after they were issued: the secret is never sent again, so this is the one chance to copy it. */
export function ClientCredentials({ clientId, clientSecret, children }: { clientId: string; clientSecret: string; children?: React.ReactNode }) {
  return (
    <section aria-label="Client credentials" className="max-w-3xl space-y-4 rounded-lg border border-amber-300 bg-white p-6">
      <div role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        <strong>You will not see this secret again.</strong> Copy it now and keep it somewhere safe; if it is lost, regenerate it.
      </div>
      <CopyableValue label="Client ID" value={clientId} testId="client-id" />
      <CopyableValue label="Client secret" value={clientSecret} testId="client-secret" />
      {children && <div className="flex gap-2 pt-2">{children}</div>}
    </section>
  );
}
