"use client";

import { ADMIN_API } from "@/components/api";
import { PageHeader } from "@/components/ui/controls";
import { InboundProvisioningForm } from "./inbound-provisioning-form";

export function ProvisioningSettings() {
  return (
    <>
      <PageHeader title="Provisioning Settings" description="Provisioning of the resident service provider: SCIM requests made with HTTP Basic credentials." />
      <section aria-labelledby="inbound-heading" className="space-y-3">
        <h2 id="inbound-heading" className="text-lg font-semibold">
          Inbound provisioning
        </h2>
        <InboundProvisioningForm endpoint={`${ADMIN_API}/resident-application/inbound-provisioning`} queryKey={["resident-inbound"]} />
      </section>
    </>
  );
}
