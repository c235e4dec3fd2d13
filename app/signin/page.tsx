import { Suspense } from "react";
import { redirect } from "next/navigation";
import { consoleSession } from "@/lib/auth/session";
import { SignInForm } from "@/components/shell/sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { interaction } = await searchParams;
  // an OAuth sign-in for an application always asks for credentials here, even with a console session; the
  // check is the console layout's own, or a session the layout refuses would bounce between the two pages
  const session = interaction ? null : await consoleSession();
  if (session) redirect("/users");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <div className="mb-6 text-center">
          <div className="text-2xl font-bold text-brand-900">Provisio</div>
          <p className="mt-1 text-sm text-slate-600">{interaction ? "Sign in to continue to the application" : "Sign in to the console"}</p>
        </div>
        <Suspense>
          <SignInForm interaction={interaction} />
        </Suspense>
      </div>
    </main>
  );
}
