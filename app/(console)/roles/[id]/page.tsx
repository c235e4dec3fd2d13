import { RoleDetail } from "@/components/roles/role-detail";

// the object's name is added once loaded (usePageTitle)
export const metadata = { title: "Roles" };

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RoleDetail id={id} />;
}
