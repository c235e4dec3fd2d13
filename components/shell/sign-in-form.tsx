"use client";

import { useState } from "react";
import { useSearchParams } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { signIn } from "next-auth/react";
import { Button, Field, Input } from "@/components/ui/controls";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

const schema = z.object({
  username: z.string().trim().min(1, "Enter your user name"),
  password: z.string().min(1, "Enter your password"),
});
type Values = z.infer<typeof schema>;

/**
 * Only same-origin paths are followed after sign-in: an open redirect would hand sessions to another site.
 * Parsing (not prefix checks) settles it, since browsers read "/\\host", tabs and newlines their own way.
 */
function safeCallback(raw: string | null): string {
  if (!raw) return "/";
  try {
    const target = new URL(raw, window.location.origin);
    return target.origin === window.location.origin ? target.pathname + target.search + target.hash : "/";
  } catch {
    return "/";
  }
}

export function SignInForm({ interaction }: { interaction?: string }) {
  const params = useSearchParams();
  const [error, setError] = useState<string | undefined>(signInErrorMessage(params.get("error")));
  const { register, handleSubmit, formState } = useForm<Values>({ resolver: zodResolver(schema) });

  const onSubmit = handleSubmit(async (values, event) => {
    setError(undefined);
    if (interaction) {
      (event?.target as HTMLFormElement).submit();
      return;
    }
    const result = await signIn("local", { redirect: false, username: values.username, password: values.password });
    if (!result || result.error) {
      setError(signInErrorMessage(result?.error ?? "invalid"));
      return;
    }
    window.location.assign(safeCallback(params.get("callbackUrl")));
  });

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate method="post" action={interaction ? `/oauth2/interaction/${encodeURIComponent(interaction)}/login` : undefined}>
      {error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </div>
      )}
      <Field label="User name" htmlFor="username" error={formState.errors.username?.message}>
        <Input id="username" autoComplete="username" autoFocus aria-invalid={!!formState.errors.username} {...register("username")} />
      </Field>
      <Field label="Password" htmlFor="password" error={formState.errors.password?.message}>
        <Input id="password" type="password" autoComplete="current-password" aria-invalid={!!formState.errors.password} {...register("password")} />
      </Field>
      <Button type="submit" className="w-full" disabled={formState.isSubmitting}>
        {formState.isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
