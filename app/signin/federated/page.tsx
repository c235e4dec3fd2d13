import { provisio } from "@/lib/server/current";
import { pendingPrompt } from "@/lib/oauth/federated-sign-in";
import { SignInCard } from "@/components/shell/sign-in-card";
import { JitPromptForm } from "@/components/shell/jit-prompt-form";

export const metadata = { title: "Create your account" };
export const dynamic = "force-dynamic";

/** The Just-in-Time prompts of a federated sign-in: a user name, a password and consent, as the connection's scheme asks. */
export default async function FederatedPromptPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { ticket = "", error, field } = await searchParams;
  const prompt = await pendingPrompt(provisio().sql, ticket);
  if (!prompt) {
    return (
      <SignInCard subtitle="Sign-in could not be completed">
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          This sign-in has expired or was already completed. Start again from the application.
        </div>
      </SignInCard>
    );
  }
  return (
    <SignInCard subtitle={`Create your account from ${prompt.connectionName}`}>
      <JitPromptForm ticket={ticket} prompt={prompt} error={error?.slice(0, 300)} field={field} />
    </SignInCard>
  );
}
