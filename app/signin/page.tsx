import { Suspense } from "react";
import { redirect } from "next/navigation";
import { consoleSession } from "@/lib/auth/session";
import { provisio } from "@/lib/server/current";
import { signInChoices } from "@/lib/oauth/sign-in-choices";
import { SignInForm } from "@/components/shell/sign-in-form";
import { FederatedButtons } from "@/components/shell/federated-buttons";
import { SignInCard } from "@/components/shell/sign-in-card";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { interaction, callbackUrl, error, reason } = await searchParams;
  // an OAuth sign-in for an application always asks for credentials here, even with a console session; the
  // check is the console layout's own, or a session the layout refuses would bounce between the two pages
  const session = interaction ? null : await consoleSession();
  if (session) redirect("/");
  const choices = await signInChoices(provisio(), interaction, callbackUrl);
  // a home realm hint goes straight to its identity provider, unless the sign-in just came back from there failing
  if (choices.homeRealm && !error) redirect(choices.homeRealm);
  return (
    <SignInCard subtitle={interaction ? "Sign in to continue to the application" : "Sign in to the console"}>
      {reason === "expired" && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          Your session has ended. Sign in again to go back to where you were.
        </p>
      )}
      {choices.local && (
        <Suspense>
          <SignInForm interaction={interaction} />
        </Suspense>
      )}
      <FederatedButtons connections={choices.connections} separator={choices.local} />
    </SignInCard>
  );
}
