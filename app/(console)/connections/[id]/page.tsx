import { ConnectionDetail } from "@/components/connections/connection-detail";

export const metadata = { title: "Connection" };

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConnectionDetail id={id} />;
}
