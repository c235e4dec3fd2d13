import { ProvisioningSettings } from "@/components/settings/provisioning-settings";
import { OutboundProvisioners } from "@/components/provisioning/outbound-provisioners";
import { RESIDENT_SP_ID } from "@/lib/identity/seed";
import { ADMIN_API } from "@/components/api";

export const metadata = { title: "Provisioning Settings" };

export default function ProvisioningSettingsPage() {
  return (
    <>
      <ProvisioningSettings />
      <div className="mt-10">
        <OutboundProvisioners
          serviceProviderId={RESIDENT_SP_ID}
          endpoint={`${ADMIN_API}/resident-application/outbound-provisioning`}
          description="Users and groups created, changed or deleted in the console and through SCIM with HTTP Basic credentials are provisioned to these connectors."
        />
      </div>
    </>
  );
}
