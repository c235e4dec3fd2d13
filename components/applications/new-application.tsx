"use client";

import Link from "next/link";
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { separateSecret } from "./application-secret";
import { PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import type { ApplicationView } from "@/lib/identity/applications";
import { ApplicationForm } from "./application-form";
import { ClientCredentials } from "./client-credentials";
import type { ApplicationFormOptions } from "./scope-options";

const linkButton = "rounded-md px-3 py-2 text-sm font-medium";

export function NewApplication({ options }: { options: ApplicationFormOptions }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  // Held in memory only: leaving the page drops the secret for good, which is the point.
  const [created, setCreated] = useState<{ application: ApplicationView; clientSecret: string }>();

  if (created) {
    return (
      <>
        <PageHeader title={created.application.name} description="The application is ready. Configure your client with these credentials." />
        <ClientCredentials clientId={created.application.clientId ?? ""} clientSecret={created.clientSecret}>
          <Link href={`/applications/${created.application.id}`} className={`${linkButton} bg-brand-600 text-white hover:bg-brand-700`}>
            Go to the application
          </Link>
          <Link href="/applications" className={`${linkButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-100`}>
            Back to applications
          </Link>
        </ClientCredentials>
      </>
    );
  }

  return (
    <>
      <PageHeader title="New application" description="Registers an OAuth 2.0 client. Its client secret is shown once, right after it is created." />
      <ApplicationForm
        mode="create"
        options={options}
        onSubmit={async (values) => {
          const result = separateSecret(await api<ApplicationView & { clientSecret: string }>(`${ADMIN_API}/applications`, { method: "POST", json: values }));
          await queryClient.invalidateQueries({ queryKey: ["applications"] });
          toast("success", `Application ${result.application.name} created`);
          setCreated(result);
        }}
      />
    </>
  );
}
