import { NewRole } from "@/components/roles/new-role";

export const metadata = { title: "New role · Roles" };

export default function NewRolePage() {
  return <NewRole />;
}
