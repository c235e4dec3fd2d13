import { GroupDetail } from "@/components/groups/group-detail";

// the object's name is added once loaded (usePageTitle)
export const metadata = { title: "Groups" };

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <GroupDetail id={id} />;
}
