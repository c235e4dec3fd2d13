import { ConnectionDetail } from "@/components/connections/connection-detail";

// the object's name is added once loaded (usePageTitle)
export const metadata = { title: "Connections" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConnectionDetail id={id} />;
}
