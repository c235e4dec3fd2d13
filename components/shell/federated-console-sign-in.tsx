"use client";

import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

/** Exchanges the federated sign-in's ticket for a console session once, then goes where the sign-in began. */
export function FederatedConsoleSignIn({ returnTo }: { returnTo: string }) {
  const params = useSearchParams();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void signIn("federated", { redirect: false, ticket: params.get("ticket") ?? "" }).then((result) => {
      if (!result || result.error) setError(signInErrorMessage(result?.error ?? "federation"));
      // a path of this site, checked when the sign-in started
      else window.location.assign(returnTo.startsWith("/") ? returnTo : "/");
    });
  }, [params, returnTo]);
  return error ? (
    <div role="alert" className="space-y-3">
      <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>
      <a href="/signin" className="block text-center text-sm font-medium text-brand-700 hover:underline">
        Back to sign-in
      </a>
    </div>
  ) : (
    <p className="text-center text-sm text-slate-600">Signing you in…</p>
  );
}
