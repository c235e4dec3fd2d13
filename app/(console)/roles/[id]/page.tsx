import { RoleDetail } from "@/components/roles/role-detail";

export const metadata = { title: "Role" };

export default async function RolePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RoleDetail id={id} />;
}
