import { ProvisioningActivity } from "@/components/provisioning/provisioning-activity";

export const metadata = { title: "Provisioning activity" };

/** ?search= opens the log on one object, as the user page links to it; ?attempt= on one attempt, as failure notices do. */
export default async function ProvisioningActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { search, attempt } = await searchParams;
  return <ProvisioningActivity initialSearch={typeof search === "string" ? search : ""} initialAttempt={typeof attempt === "string" ? attempt : ""} />;
}
