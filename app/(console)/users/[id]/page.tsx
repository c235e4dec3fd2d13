import { UserDetail } from "@/components/users/user-detail";

// the object's name is added once loaded (usePageTitle)
export const metadata = { title: "Users" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <UserDetail id={id} />;
}
