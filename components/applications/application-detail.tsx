"use client";

import { Tabs } from "@/components/ui/tabs";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { separateSecret } from "./application-secret";
import { Button, PageHeader } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { InboundProvisioningForm } from "@/components/settings/inbound-provisioning-form";
import { OutboundProvisioners } from "@/components/provisioning/outbound-provisioners";
import type { ApplicationView } from "@/lib/identity/applications";
import { ApplicationForm, applicationToForm } from "./application-form";
import { kindLabel } from "./applications-list";
import { ClientCredentials } from "./client-credentials";
import { LoginFlowTab } from "./login-flow";
import type { ApplicationFormOptions } from "./scope-options";
import { usePageTitle } from "@/components/ui/use-page-title";

const TABS = [
  { id: "general", label: "General" },
  { id: "login-flow", label: "Login flow" },
  { id: "provisioning", label: "Provisioning" },
] as const;
type Tab = (typeof TABS)[number]["id"];

/** A machine-to-machine application signs nobody in: it has no login flow, as in WSO2's console. */
const tabsOf = (kind: ApplicationView["kind"]) => (kind === "m2m" ? TABS.filter((t) => t.id !== "login-flow") : TABS);

export function ApplicationDetail({ id, options }: { id: string; options: ApplicationFormOptions }) {
  const [tab, setTab] = useState<Tab>("general");
  const { data: app, error, isLoading } = useQuery({ queryKey: ["application", id], queryFn: () => api<ApplicationView>(`${ADMIN_API}/applications/${id}`) });
  usePageTitle(app?.name, "Applications");

  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !app)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message ?? "Application not found"}
      </p>
    );

  const tabs = tabsOf(app.kind);
  // an application made machine-to-machine while its login flow was open goes back to General
  const shown = tabs.some((t) => t.id === tab) ? tab : "general";
  return (
    <>
      <PageHeader title={app.name} description={`${kindLabel(app.kind)} · created ${new Date(app.createdAt).toLocaleString()} · version ${app.version}`} />
      <Tabs label="Application settings" tabs={tabs} selected={shown} onSelect={setTab}>
        {shown === "general" ? (
          <GeneralTab app={app} options={options} />
        ) : shown === "login-flow" ? (
          <LoginFlowTab app={app} />
        ) : (
          <div className="space-y-3">
            <p className="max-w-2xl text-sm text-slate-600">Inbound provisioning applies to SCIM requests made with this application&apos;s access tokens.</p>
            <InboundProvisioningForm endpoint={`${ADMIN_API}/applications/${id}/inbound-provisioning`} queryKey={["application-inbound", id]} />
            <div className="pt-6">
              <OutboundProvisioners
                serviceProviderId={id}
                endpoint={`${ADMIN_API}/applications/${id}/outbound-provisioning`}
                description="Users and groups created, changed or deleted with this application's access tokens are provisioned to these connectors."
              />
            </div>
          </div>
        )}
      </Tabs>
    </>
  );
}

function GeneralTab({ app, options }: { app: ApplicationView; options: ApplicationFormOptions }) {
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<"delete" | "regenerate">();
  const [newSecret, setNewSecret] = useState<string>();

  const remove = async () => {
    try {
      await api(`${ADMIN_API}/applications/${app.id}`, { method: "DELETE" });
      await queryClient.invalidateQueries({ queryKey: ["applications"] });
      toast("success", `Application ${app.name} deleted`);
      router.push("/applications");
    } catch (err) {
      toast("error", (err as Error).message);
      setConfirming(undefined);
    }
  };

  const regenerate = async () => {
    try {
      const result = separateSecret(await api<ApplicationView & { clientSecret: string }>(`${ADMIN_API}/applications/${app.id}/regenerate-secret`, { method: "POST" }));
      queryClient.setQueryData(["application", app.id], result.application);
      setNewSecret(result.clientSecret);
      toast("success", "Client secret regenerated");
    } catch (err) {
      toast("error", (err as Error).message);
    }
    setConfirming(undefined);
  };

  return (
    <div className="space-y-6">
      <section aria-label="Credentials" className="max-w-3xl space-y-3 rounded-lg border border-slate-200 bg-white p-6">
        <div>
          <div className="text-sm font-medium text-slate-700">Client ID</div>
          <code data-testid="application-client-id" className="select-all font-mono text-sm">
            {app.clientId}
          </code>
        </div>
        <p className="text-sm text-slate-600">The client secret is stored as a hash and cannot be shown. A new one replaces it, and tokens issued before stop working.</p>
        <div className="flex gap-2">
          {confirming === "regenerate" ? (
            <>
              <Button variant="danger" onClick={regenerate}>
                Confirm regenerate
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(undefined)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="secondary" onClick={() => setConfirming("regenerate")}>
              Regenerate secret
            </Button>
          )}
        </div>
      </section>
      {newSecret && app.clientId && <ClientCredentials clientId={app.clientId} clientSecret={newSecret} />}

      <ApplicationForm
        key={app.version}
        mode="edit"
        options={options}
        initial={applicationToForm(app)}
        onSubmit={async (values) => {
          const saved = await api<ApplicationView>(`${ADMIN_API}/applications/${app.id}`, { method: "PATCH", json: values });
          queryClient.setQueryData(["application", app.id], saved);
          await queryClient.invalidateQueries({ queryKey: ["applications"] });
          toast("success", "Changes saved");
        }}
      />

      <section aria-label="Danger zone" className="max-w-3xl rounded-lg border border-red-200 bg-white p-6">
        <h2 className="text-sm font-semibold text-red-700">Delete application</h2>
        <p className="mb-3 text-sm text-slate-600">Its credentials and tokens stop working at once. This cannot be undone.</p>
        <div className="flex gap-2">
          {confirming === "delete" ? (
            <>
              <Button variant="danger" onClick={remove}>
                Confirm delete
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(undefined)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming("delete")}>
              Delete application
            </Button>
          )}
        </div>
      </section>
    </div>
  );
}
