import { ApplicationDetail } from "@/components/applications/application-detail";
import { applicationFormOptions } from "@/components/applications/scope-options";

export const metadata = { title: "Application" };

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ApplicationDetail id={id} options={applicationFormOptions()} />;
}
