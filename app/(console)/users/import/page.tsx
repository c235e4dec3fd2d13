import { ImportUsers } from "@/components/users/import-users";

export const metadata = { title: "Import users" };

export default function ImportUsersPage() {
  return <ImportUsers />;
}
