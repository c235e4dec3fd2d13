import { RolesList } from "@/components/roles/roles-list";

export const metadata = { title: "Roles" };

export default function RolesPage() {
  return <RolesList />;
}
