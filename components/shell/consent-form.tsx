"use client";

import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/controls";

interface Details {
  uid: string;
  prompt: string;
  client: { id: string; name: string };
  scopes: string[];
}

const SCOPE_TEXT: Record<string, string> = {
  openid: "Know who you are",
  profile: "See your name and user name",
  email: "See your email address",
  offline_access: "Keep access while you are away",
};

/** Shows what an application asks for; the decision is posted to the provider, which continues the flow. */
export function ConsentForm() {
  const uid = useSearchParams().get("interaction") ?? "";
  const { data, error, isLoading } = useQuery({
    queryKey: ["interaction", uid],
    queryFn: async () => {
      const res = await fetch(`/oauth2/interaction/${encodeURIComponent(uid)}`);
      const body = await res.json();
      if (!res.ok) throw new Error(body.error_description ?? "This request is no longer valid.");
      return body as Details;
    },
  });
  if (isLoading) return <p className="text-slate-500">Loading…</p>;
  if (error || !data)
    return (
      <p role="alert" className="text-red-600">
        {(error as Error)?.message}
      </p>
    );
  const action = (step: string) => `/oauth2/interaction/${encodeURIComponent(uid)}/${step}`;
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">
        <span data-testid="consent-client">{data.client.name}</span> asks for access
      </h1>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
        {data.scopes.map((s) => (
          <li key={s}>{SCOPE_TEXT[s] ?? s}</li>
        ))}
      </ul>
      <div className="flex gap-2">
        <form method="post" action={action("confirm")}>
          <Button type="submit">Allow</Button>
        </form>
        <form method="post" action={action("abort")}>
          <Button type="submit" variant="secondary">
            Deny
          </Button>
        </form>
      </div>
    </div>
  );
}
