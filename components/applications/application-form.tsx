"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { ApiError } from "@/components/api";
import type { ApplicationView } from "@/lib/identity/applications";
import { TOKEN_SIGNING_ALGS } from "@/lib/identity/token-signing-algs";
import type { ApplicationFormOptions } from "./scope-options";

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The form's shape: URIs are edited one per line and sent as lists. The rules (URL syntax, known scopes, a
 * redirect URI for the authorization code grant) are the service's; its errors come back per field.
 */
const applicationFormSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required"),
    description: z.string(),
    kind: z.enum(["m2m", "web"]),
    redirectUris: z.string(),
    postLogoutRedirectUris: z.string(),
    grantTypes: z.array(z.string()),
    scopes: z.array(z.string()),
    tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]),
    accessTokenLifetime: z.number({ error: "Enter a number of seconds" }),
    accessTokenSigningAlg: z.enum(TOKEN_SIGNING_ALGS),
    idTokenSignedResponseAlg: z.enum(TOKEN_SIGNING_ALGS),
  })
  .transform((v) => ({ ...v, redirectUris: lines(v.redirectUris), postLogoutRedirectUris: lines(v.postLogoutRedirectUris) }));

type FormValues = z.input<typeof applicationFormSchema>;
export type ApplicationFormOutput = z.output<typeof applicationFormSchema>;
type FieldName = keyof FormValues;

const emptyForm: FormValues = {
  name: "",
  description: "",
  kind: "m2m",
  redirectUris: "",
  postLogoutRedirectUris: "",
  grantTypes: [],
  scopes: [],
  tokenEndpointAuthMethod: "client_secret_basic",
  accessTokenLifetime: 900,
  accessTokenSigningAlg: "ES256",
  idTokenSignedResponseAlg: "RS256",
};

export function applicationToForm(a: ApplicationView): FormValues {
  return {
    name: a.name,
    description: a.description,
    kind: a.kind === "web" ? "web" : "m2m",
    redirectUris: a.redirectUris.join("\n"),
    postLogoutRedirectUris: a.postLogoutRedirectUris.join("\n"),
    grantTypes: a.grantTypes,
    scopes: a.scopes,
    tokenEndpointAuthMethod: a.tokenEndpointAuthMethod === "client_secret_post" ? "client_secret_post" : "client_secret_basic",
    accessTokenLifetime: a.accessTokenLifetime,
    accessTokenSigningAlg: a.accessTokenSigningAlg,
    idTokenSignedResponseAlg: a.idTokenSignedResponseAlg,
  };
}

const kindLabels = { m2m: "Machine-to-machine (a service using its own credentials)", web: "Web application (signs users in)" };
const grantLabels: Record<string, string> = { client_credentials: "Client credentials", authorization_code: "Authorization code", refresh_token: "Refresh token" };
const listFields = new Set<FieldName>(["redirectUris", "postLogoutRedirectUris"]);

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

/** A labelled group of checkboxes; like Field, its error is tied to the group for screen readers and tests. */
function CheckboxGroup({ id, legend, error, children }: { id: string; legend: string; error?: string; children: React.ReactNode }) {
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="space-y-2">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {children}
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-600" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Create and edit share one form; a save sends every field, so the server replaces the settings as a whole. */
export function ApplicationForm({
  options,
  initial,
  mode,
  onSubmit,
}: {
  options: ApplicationFormOptions;
  initial?: FormValues;
  mode: "create" | "edit";
  onSubmit: (values: ApplicationFormOutput) => Promise<void>;
}) {
  const { register, handleSubmit, formState, setError, setValue, watch } = useForm<FormValues, unknown, ApplicationFormOutput>({
    resolver: zodResolver(applicationFormSchema),
    defaultValues: initial ?? { ...emptyForm, grantTypes: options.defaultGrantTypes.m2m },
  });
  const errors = formState.errors;
  const kind = watch("kind");

  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit(values);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors).length) {
        for (const [path, message] of Object.entries(err.fieldErrors)) {
          const [field, index] = path.split(".") as [FieldName, string | undefined];
          if (!(field in emptyForm)) setError("root", { message });
          else setError(field, { message: listFields.has(field) && index !== undefined ? `Line ${Number(index) + 1}: ${message}` : message });
        }
      } else {
        setError("root", { message: (err as Error).message });
      }
    }
  });

  return (
    <form onSubmit={submit} noValidate className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      {errors.root?.message && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {errors.root.message}
        </div>
      )}
      <div className="grid grid-cols-2 gap-4">
        <Field label="Name" htmlFor="name" error={errors.name?.message}>
          <Input id="name" autoComplete="off" aria-invalid={!!errors.name} {...register("name")} />
        </Field>
        <Field label="Type" htmlFor="kind" error={errors.kind?.message}>
          <Select id="kind" {...register("kind", { onChange: (e) => setValue("grantTypes", options.defaultGrantTypes[e.target.value as "m2m" | "web"] ?? []) })}>
            {(["m2m", "web"] as const).map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label="Description" htmlFor="description" error={errors.description?.message}>
        <Input id="description" aria-invalid={!!errors.description} {...register("description")} />
      </Field>
      <Field label="Redirect URIs" htmlFor="redirectUris" error={errors.redirectUris?.message} hint="One per line. Needed for the authorization code grant.">
        <textarea id="redirectUris" rows={3} className={textareaClass} aria-invalid={!!errors.redirectUris} {...register("redirectUris")} />
      </Field>
      {kind === "web" && (
        <Field label="Post-logout redirect URIs" htmlFor="postLogoutRedirectUris" error={errors.postLogoutRedirectUris?.message} hint="One per line.">
          <textarea id="postLogoutRedirectUris" rows={2} className={textareaClass} aria-invalid={!!errors.postLogoutRedirectUris} {...register("postLogoutRedirectUris")} />
        </Field>
      )}
      <CheckboxGroup id="grantTypes" legend="Grant types" error={errors.grantTypes?.message}>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          {options.grantTypes.map((g) => (
            <label key={g} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={g} {...register("grantTypes")} /> {grantLabels[g] ?? g}
            </label>
          ))}
        </div>
      </CheckboxGroup>
      <CheckboxGroup id="scopes" legend="Scopes" error={errors.scopes?.message}>
        <p className="text-xs text-slate-500">What the application may be granted. The internal_* scopes are the permissions of the admin and SCIM APIs.</p>
        <div role="group" aria-label="OIDC scopes" className="rounded-md border border-slate-200 p-3">
          <div className="pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">OIDC scopes</div>
          <div className="flex flex-wrap gap-x-6 gap-y-1">
            {options.oidcScopes.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm">
                <input type="checkbox" value={s} {...register("scopes")} /> <span className="font-mono">{s}</span>
              </label>
            ))}
          </div>
        </div>
        <div role="group" aria-label="Permissions" className="rounded-md border border-slate-200 p-3">
          <div className="pb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Permissions</div>
          <div className="grid grid-cols-2 gap-x-6 gap-y-1">
            {options.permissions.map((s) => (
              <label key={s} className="flex items-center gap-2 text-sm">
                <input type="checkbox" value={s} {...register("scopes")} /> <span className="font-mono">{s}</span>
              </label>
            ))}
          </div>
        </div>
      </CheckboxGroup>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Token endpoint authentication" htmlFor="tokenEndpointAuthMethod" error={errors.tokenEndpointAuthMethod?.message}>
          <Select id="tokenEndpointAuthMethod" {...register("tokenEndpointAuthMethod")}>
            <option value="client_secret_basic">HTTP Basic (client_secret_basic)</option>
            <option value="client_secret_post">Form body (client_secret_post)</option>
          </Select>
        </Field>
        <Field label="Access token lifetime (seconds)" htmlFor="accessTokenLifetime" error={errors.accessTokenLifetime?.message}>
          <Input id="accessTokenLifetime" type="number" aria-invalid={!!errors.accessTokenLifetime} {...register("accessTokenLifetime", { valueAsNumber: true })} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-4">
        <Field label="Access token signing algorithm" htmlFor="accessTokenSigningAlg" error={errors.accessTokenSigningAlg?.message}>
          <Select id="accessTokenSigningAlg" {...register("accessTokenSigningAlg")}>
            <option value="ES256">ES256 (ECDSA P-256)</option>
            <option value="RS256">RS256 (RSA 2048)</option>
          </Select>
        </Field>
        <Field label="ID token signing algorithm" htmlFor="idTokenSignedResponseAlg" error={errors.idTokenSignedResponseAlg?.message}>
          <Select id="idTokenSignedResponseAlg" {...register("idTokenSignedResponseAlg")}>
            <option value="RS256">RS256 (RSA 2048)</option>
            <option value="ES256">ES256 (ECDSA P-256)</option>
          </Select>
        </Field>
      </div>
      <div className="flex gap-2">
        <Button type="submit" disabled={formState.isSubmitting}>
          {mode === "create" ? "Create application" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}
