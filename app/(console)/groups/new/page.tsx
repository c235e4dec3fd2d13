import { NewGroup } from "@/components/groups/new-group";

export const metadata = { title: "New group · Groups" };

export default function NewGroupPage() {
  return <NewGroup />;
}
