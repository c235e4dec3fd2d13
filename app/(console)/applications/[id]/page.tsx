import { ApplicationDetail } from "@/components/applications/application-detail";
import { applicationFormOptions } from "@/components/applications/scope-options";

// the object's name is added once loaded (usePageTitle)
export const metadata = { title: "Applications" };

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ApplicationDetail id={id} options={applicationFormOptions()} />;
}
