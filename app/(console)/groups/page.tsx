import { GroupsList } from "@/components/groups/groups-list";

export const metadata = { title: "Groups" };

export default function GroupsPage() {
  return <GroupsList />;
}
