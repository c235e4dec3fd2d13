import { NewApplication } from "@/components/applications/new-application";
import { applicationFormOptions } from "@/components/applications/scope-options";

export const metadata = { title: "New application · Applications" };

export default function NewApplicationPage() {
  return <NewApplication options={applicationFormOptions()} />;
}
