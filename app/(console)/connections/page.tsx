import { ConnectionsList } from "@/components/connections/connections-list";

export const metadata = { title: "Connections" };

export default function ConnectionsPage() {
  return <ConnectionsList />;
}
