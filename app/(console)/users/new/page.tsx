import { NewUser } from "@/components/users/new-user";

export const metadata = { title: "New user · Users" };

export default function NewUserPage() {
  return <NewUser />;
}
