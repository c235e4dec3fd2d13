import { NewConnection } from "@/components/connections/new-connection";

export const metadata = { title: "New connection" };

export default function NewConnectionPage() {
  return <NewConnection />;
}
