import { UsersList } from "@/components/users/users-list";

export const metadata = { title: "Users" };

export default function UsersPage() {
  return <UsersList />;
}
