import { redirect } from "next/navigation";
import { consoleSession } from "@/lib/auth/session";
import { ConsoleShell } from "@/components/shell/console-shell";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const session = await consoleSession();
  if (!session) redirect("/signin");
  return <ConsoleShell userName={session.userName}>{children}</ConsoleShell>;
}
