import { ProvisioningSettings } from "@/components/settings/provisioning-settings";

export const metadata = { title: "Provisioning Settings" };

export default function ProvisioningSettingsPage() {
  return <ProvisioningSettings />;
}
