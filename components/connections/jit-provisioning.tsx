"use client";

import { Controller, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ADMIN_API, api } from "@/components/api";
import { Button, Field, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { useUserStores } from "@/components/users/use-user-stores";
import { ATTRIBUTE_SYNC_METHODS, JIT_SCHEMES } from "@/lib/federation/settings";
import { ATTRIBUTE_SYNC_LABELS, FAILURE_POLICIES, JIT_SCHEME_LABELS, jitErrors, jitFormSchema, jitToBody, jitToForm, optionsWith, toggled, type JitForm } from "@/lib/console/federation-forms";
import { FormAlert, showApiError, useRefreshConnection } from "./federation-part";
import { useLocalClaims, type ConnectionDetailView } from "./hooks";

/** The Just-in-Time Provisioning tab: whether and how users signing in through the connection get a local account. */
export function JitProvisioning({ connection }: { connection: ConnectionDetailView }) {
  const toast = useToast();
  const refresh = useRefreshConnection(connection.id);
  const stores = useUserStores();
  const localClaims = useLocalClaims();
  const { register, control, handleSubmit, formState, setError, watch } = useForm<JitForm>({ resolver: zodResolver(jitFormSchema), defaultValues: jitToForm(connection.provisioning.jit) });
  const errors = formState.errors;
  const enabled = watch("enabled");
  const sync = watch("attributeSync");
  const userStore = watch("userStore");
  const domains = optionsWith(
    (stores.data ?? []).map((s) => s.domain),
    [userStore],
  );

  const submit = handleSubmit(async (form) => {
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/provisioning/jit`, { method: "PUT", json: jitToBody(form) });
      await refresh();
      toast("success", "Just-in-Time provisioning saved");
    } catch (err) {
      showApiError(err, setError, jitErrors);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Just-in-Time provisioning" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Just-in-Time provisioning</h2>
        <p className="text-sm text-slate-600">Creates a local user the first time someone signs in through this connection, and keeps it up to date at later sign-ins.</p>
      </div>
      <FormAlert message={errors.root?.message} />
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" role="switch" aria-describedby="jit-enabled-help" {...register("enabled")} /> Enable Just-in-Time provisioning
        </label>
        <p id="jit-enabled-help" className="pl-6 text-xs text-slate-500">
          Off: only users already linked to this identity provider can sign in through it.
        </p>
      </div>

      {enabled && (
        <>
          <Field label="User store" htmlFor="jit-userStore" error={errors.userStore?.message} hint="New users are created in this user store.">
            <Select id="jit-userStore" aria-invalid={!!errors.userStore} {...register("userStore")}>
              {domains.map((domain) => (
                <option key={domain} value={domain}>
                  {domain}
                </option>
              ))}
            </Select>
          </Field>

          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">Provisioning scheme</legend>
            {JIT_SCHEMES.map((scheme) => (
              <label key={scheme} className="flex items-center gap-2 text-sm">
                <input type="radio" value={scheme} {...register("scheme")} /> {JIT_SCHEME_LABELS[scheme]}
              </label>
            ))}
            {errors.scheme?.message && (
              <p role="alert" className="text-xs text-red-600">
                {errors.scheme.message}
              </p>
            )}
          </fieldset>

          <div className="space-y-1">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" aria-describedby="jit-associate-help" {...register("associateLocalUser")} /> Associate existing local user
            </label>
            <p id="jit-associate-help" className="pl-6 text-xs text-slate-500">
              A user signing in for the first time is linked to the local user with the same verified email, or exactly the same user name, instead of getting a new one.
            </p>
          </div>

          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">Attribute sync at later sign-ins</legend>
            {ATTRIBUTE_SYNC_METHODS.map((method) => (
              <label key={method} className="flex items-start gap-2 text-sm">
                <input type="radio" className="mt-1" value={method} aria-describedby={`jit-sync-${method}-help`} {...register("attributeSync")} />
                <span>
                  {ATTRIBUTE_SYNC_LABELS[method].label}
                  <span id={`jit-sync-${method}-help`} className="block text-xs text-slate-500">
                    {ATTRIBUTE_SYNC_LABELS[method].hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          {sync !== "NONE" && (
            <Controller
              control={control}
              name="syncExceptions"
              render={({ field }) => {
                const attributes = optionsWith(localClaims.data ?? [], field.value);
                return (
                  <fieldset className="space-y-1">
                    <legend className="mb-1 text-sm font-medium text-slate-700">Attributes that keep their local value</legend>
                    <p className="text-xs text-slate-500">Exceptions to the sync: these are never changed by a sign-in once the user exists.</p>
                    {localClaims.error && (
                      <p role="alert" className="text-sm text-red-600">
                        {(localClaims.error as Error).message}
                      </p>
                    )}
                    <div className="max-h-56 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-3">
                      {attributes.map((uri) => (
                        <label key={uri} className="flex items-center gap-2 font-mono text-xs">
                          <input type="checkbox" checked={field.value.includes(uri)} onChange={(e) => field.onChange(toggled(field.value, uri, e.target.checked))} />
                          {uri}
                        </label>
                      ))}
                    </div>
                    {errors.syncExceptions?.message && (
                      <p role="alert" className="text-xs text-red-600">
                        {errors.syncExceptions.message}
                      </p>
                    )}
                  </fieldset>
                );
              }}
            />
          )}

          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium text-slate-700">When provisioning fails</legend>
            {FAILURE_POLICIES.map((policy) => (
              <label key={policy.value} className="flex items-start gap-2 text-sm">
                <input type="radio" className="mt-1" value={policy.value} aria-describedby={`jit-failure-${policy.value}-help`} {...register("onFailure")} />
                <span>
                  {policy.label}
                  <span id={`jit-failure-${policy.value}-help`} className="block text-xs text-slate-500">
                    {policy.hint}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        </>
      )}

      <Button type="submit" disabled={formState.isSubmitting}>
        Save JIT provisioning
      </Button>
    </form>
  );
}
