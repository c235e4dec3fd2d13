import { NewConnection } from "@/components/connections/new-connection";

export const metadata = { title: "New connection · Connections" };

export default function NewConnectionPage() {
  return <NewConnection />;
}
