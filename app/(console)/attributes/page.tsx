import { AttributesPage } from "@/components/attributes/attributes-page";

export const metadata = { title: "Attributes" };

export default function Attributes() {
  return <AttributesPage />;
}
