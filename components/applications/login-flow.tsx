"use client";

import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api } from "@/components/api";
import { useConnections, type ConnectionSummary } from "@/components/connections/hooks";
import { Button } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import type { ApplicationView } from "@/lib/identity/applications";
import { toggled } from "@/lib/console/federation-forms";
import { describeDefaultFlow, loginFlowFormSchema, loginFlowFromForm, loginFlowOptions, loginFlowToForm, type LoginFlowForm } from "@/lib/console/login-flow";

/** The Login flow tab: what an application's sign-in page offers, the default or a chosen set. */
export function LoginFlowTab({ app }: { app: ApplicationView }) {
  const connections = useConnections();
  if (connections.isLoading) return <p className="text-slate-500">Loading…</p>;
  if (connections.error || !connections.data)
    return (
      <p role="alert" className="text-red-600">
        {(connections.error as Error)?.message ?? "The connections could not be read"}
      </p>
    );
  return <LoginFlowForm key={app.version} app={app} connections={connections.data} />;
}

function LoginFlowForm({ app, connections }: { app: ApplicationView; connections: ConnectionSummary[] }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const { register, control, handleSubmit, formState, setError, watch } = useForm<LoginFlowForm>({
    resolver: zodResolver(loginFlowFormSchema),
    defaultValues: loginFlowToForm(app.loginFlow, connections),
  });
  const errors = formState.errors;
  const mode = watch("mode");
  const chosen = watch("connections");
  const options = loginFlowOptions(connections, chosen);

  const submit = handleSubmit(async (form) => {
    try {
      await api(`${ADMIN_API}/applications/${app.id}/login-flow`, { method: "PUT", json: { loginFlow: loginFlowFromForm(form) } });
      // the application's version changed: reading it again starts the form over from what was stored
      await queryClient.invalidateQueries({ queryKey: ["application", app.id] });
      toast("success", "Login flow saved");
    } catch (err) {
      setError("root", { message: (err as Error).message });
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Login flow" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Login flow</h2>
        <p className="text-sm text-slate-600">What this application&apos;s users see on the sign-in page: the username and password form, and a &ldquo;Sign in with …&rdquo; button per connection.</p>
      </div>
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <fieldset className="space-y-3">
        <legend className="sr-only">Sign-in options</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" className="mt-1" value="default" aria-describedby="login-flow-default-help" {...register("mode")} />
          <span>
            Default (username &amp; password and every enabled connection)
            <span id="login-flow-default-help" className="block text-xs text-slate-500">
              Today: {describeDefaultFlow(connections)}. Connections enabled later are offered too.
            </span>
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" className="mt-1" value="custom" {...register("mode")} />
          <span>
            Custom
            <span className="block text-xs text-slate-500">Only the options chosen below, connections in the order they were chosen.</span>
          </span>
        </label>
      </fieldset>

      {mode === "custom" && (
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-4" aria-describedby={errors.local?.message ? "login-flow-error" : undefined}>
          <legend className="px-1 text-sm font-medium text-slate-700">Offer</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" {...register("local")} /> Username &amp; password
          </label>
          <Controller
            control={control}
            name="connections"
            render={({ field }) => (
              <>
                {options.length === 0 && <p className="text-sm text-slate-500">No connection offers sign-in yet: set one up under its Settings tab.</p>}
                {options.map((o) => {
                  const position = field.value.indexOf(o.id);
                  return (
                    <label key={o.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={position >= 0} onChange={(e) => field.onChange(toggled(field.value, o.id, e.target.checked))} />
                      {o.name}
                      {o.unavailable && <span className="text-xs text-amber-700">({o.unavailable}: not shown at sign-in)</span>}
                      {position >= 0 && <span className="text-xs text-slate-500">#{position + 1}</span>}
                    </label>
                  );
                })}
              </>
            )}
          />
          {errors.local?.message && (
            <p id="login-flow-error" role="alert" className="text-xs text-red-600">
              {errors.local.message}
            </p>
          )}
        </fieldset>
      )}

      <Button type="submit" disabled={formState.isSubmitting}>
        Save login flow
      </Button>
    </form>
  );
}
