"use client";

import { CopyableValue } from "@/components/ui/copyable-value";

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
