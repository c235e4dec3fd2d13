import { ApplicationsList } from "@/components/applications/applications-list";

export const metadata = { title: "Applications" };

export default function ApplicationsPage() {
  return <ApplicationsList />;
}
