import { Suspense } from "react";
import { SignInCard } from "@/components/shell/sign-in-card";
import { FederatedConsoleSignIn } from "@/components/shell/federated-console-sign-in";
import { provisio } from "@/lib/server/current";
import { peekPendingSignIn } from "@/lib/federation/sign-ins";

export const metadata = { title: "Signing in" };
export const dynamic = "force-dynamic";

/** The console's side of a federated sign-in: the ticket becomes a console session. */
export default async function CompleteSignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { ticket = "" } = await searchParams;
  const pending = await peekPendingSignIn(provisio().sql, ticket, "signed-in");
  return (
    <SignInCard subtitle="Signing in to the console">
      <Suspense>
        <FederatedConsoleSignIn returnTo={pending?.returnTo ?? "/"} />
      </Suspense>
    </SignInCard>
  );
}
