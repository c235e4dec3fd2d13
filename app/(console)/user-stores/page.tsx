import { UserStores } from "@/components/user-stores/user-stores";

export const metadata = { title: "User stores" };

export default function UserStoresPage() {
  return <UserStores />;
}
