import { ProvisioningActivity } from "@/components/provisioning/provisioning-activity";

export const metadata = { title: "Provisioning activity" };

/** ?search= opens the log on one object, as the user page links to it. */
export default async function ProvisioningActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { search } = await searchParams;
  return <ProvisioningActivity initialSearch={typeof search === "string" ? search : ""} />;
}
