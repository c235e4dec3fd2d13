import { HomePage } from "@/components/home/home-page";

export const metadata = { title: "Overview" };

export default function ConsoleHome() {
  return <HomePage />;
}
