import { SignInCard } from "@/components/shell/sign-in-card";

export const metadata = { title: "Sign-in failed" };
export const dynamic = "force-dynamic";

/** Where a federated sign-in that could not finish ends: what happened, and a way back. Nothing was created. */
export default async function SignInFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { message, reason, interaction } = await searchParams;
  const back = interaction ? `/signin?interaction=${encodeURIComponent(interaction)}&error=federation` : "/signin?error=federation";
  return (
    <SignInCard subtitle="Sign-in could not be completed">
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
        {(message ?? "The sign-in through the identity provider could not be completed.").slice(0, 500)}
      </div>
      {reason && <p className="mt-2 text-xs text-slate-500">Reason code: {reason.slice(0, 40)}</p>}
      <a href={back} className="mt-4 block text-center text-sm font-medium text-brand-700 hover:underline">
        Back to sign-in
      </a>
    </SignInCard>
  );
}
