import { Button, Field, Input } from "@/components/ui/controls";

interface Prompt {
  userName: boolean;
  password: boolean;
  consent: boolean;
  proposedUserName: string;
  attributes: Array<[string, string]>;
  notice?: string;
  connectionName: string;
}

/** Attribute paths as a person reads them. */
function label(path: string): string {
  const last = path.split(":").pop() ?? path;
  return last.replace(/\.value$/, "").replace(/^name\./, "");
}

/**
 * The prompts, as a plain form posted to /commonauth/prompt: it works without scripts, and the server checks
 * every answer again (a name taken meanwhile, a short password) and sends the page back with the error.
 */
export function JitPromptForm({ ticket, prompt, error, field }: { ticket: string; prompt: Prompt; error?: string; field?: string }) {
  // an answer's error is shown under its field; others (consent, a sign-in gone stale) above the form
  const shownAtField = (field === "userName" && prompt.userName) || (field === "password" && prompt.password);
  const banner = shownAtField ? undefined : (error ?? prompt.notice);
  return (
    <form method="post" action="/commonauth/prompt" className="space-y-4">
      <input type="hidden" name="ticket" value={ticket} />
      {banner && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {banner}
        </div>
      )}
      {prompt.userName ? (
        <Field label="User name" htmlFor="userName" error={field === "userName" ? error : undefined}>
          <Input id="userName" name="userName" required autoComplete="username" defaultValue={prompt.notice ? "" : prompt.proposedUserName} autoFocus />
        </Field>
      ) : (
        <p className="text-sm text-slate-700">
          Your user name will be <strong>{prompt.proposedUserName}</strong>.
        </p>
      )}
      {prompt.password && (
        <Field label="Password" htmlFor="password" error={field === "password" ? error : undefined}>
          <Input id="password" name="password" type="password" required minLength={6} autoComplete="new-password" />
        </Field>
      )}
      {prompt.attributes.length > 0 && (
        <div className="text-sm text-slate-700">
          <p>{prompt.connectionName} shares these details, which your account will keep:</p>
          <ul className="mt-1 list-inside list-disc text-slate-600">
            {prompt.attributes.map(([path, value]) => (
              <li key={path}>
                {label(path)}: {value}
              </li>
            ))}
          </ul>
        </div>
      )}
      {prompt.consent && (
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="consent" required className="mt-0.5" />
          <span>I agree to an account being created with these details.</span>
        </label>
      )}
      <Button type="submit" className="w-full">
        Create account and continue
      </Button>
    </form>
  );
}
