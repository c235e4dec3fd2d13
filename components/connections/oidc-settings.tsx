"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ADMIN_API, api } from "@/components/api";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { CopyableValue } from "@/components/ui/copyable-value";
import { useToast } from "@/components/ui/toast";
import { OIDC_AUTHENTICATOR_ID } from "@/lib/admin-api/schemas/federation";
import { TOKEN_ENDPOINT_AUTH_METHODS, oidcSettingsErrors, oidcSettingsFormSchema, oidcSettingsToBody, oidcSettingsToForm, type OidcSettingsForm } from "@/lib/console/federation-forms";
import { FormAlert, showApiError, useRefreshConnection } from "./federation-part";
import type { ConnectionDetailView } from "./hooks";

/**
 * The Settings tab: the connection's OpenID Connect authenticator, as WSO2's console shows it, with the callback
 * URL to register at the identity provider. The client secret is write-only: the field is empty, and left empty it
 * keeps the stored one.
 */
export function OidcSettings({ connection }: { connection: ConnectionDetailView }) {
  const toast = useToast();
  const refresh = useRefreshConnection(connection.id);
  const { register, handleSubmit, formState, setError, watch } = useForm<OidcSettingsForm>({
    resolver: zodResolver(oidcSettingsFormSchema),
    defaultValues: oidcSettingsToForm(connection),
  });
  const errors = formState.errors;
  const secretSet = watch("clientSecretSet");
  const configured = connection.federatedAuthenticators.authenticators.length > 0;

  const submit = handleSubmit(async (form) => {
    const body = oidcSettingsToBody(form);
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/federated-authenticators/${OIDC_AUTHENTICATOR_ID}`, { method: "PUT", json: body });
      await refresh();
      toast("success", "OpenID Connect settings saved");
    } catch (err) {
      showApiError(err, setError, (fieldErrors) => oidcSettingsErrors(fieldErrors, body));
    }
  });

  const text = (name: Exclude<keyof OidcSettingsForm, "enabled" | "clientSecretSet" | "tokenEndpointAuthMethod">, label: string, hint?: string, placeholder?: string) => (
    <Field label={label} htmlFor={`oidc-${name}`} error={errors[name]?.message} hint={hint}>
      <Input id={`oidc-${name}`} autoComplete="off" placeholder={placeholder} aria-invalid={!!errors[name]} {...register(name)} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate aria-label="OpenID Connect settings" className="max-w-3xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">OpenID Connect</h2>
        <p className="text-sm text-slate-600">
          Users sign in at this identity provider and come back signed in here. {configured ? "" : "This connection does not offer sign-in yet: fill these settings and save."}
        </p>
      </div>
      <FormAlert message={errors.root?.message} />
      <div className="space-y-1">
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input type="checkbox" role="switch" aria-describedby="oidc-enabled-help" {...register("enabled")} /> Enable sign-in through this connection
        </label>
        <p id="oidc-enabled-help" className="pl-6 text-xs text-slate-500">
          Applications offer it on their sign-in page (see each application&apos;s Login flow) while the connection is enabled.
        </p>
      </div>
      <div className="space-y-1">
        <CopyableValue label="Callback URL" value={connection.callbackUrl} testId="callback-url" />
        <p className="text-xs text-slate-500">Register this redirect URI for the client at the identity provider.</p>
      </div>
      <div className="grid grid-cols-2 gap-4">
        {text("clientId", "Client ID", "The client the identity provider registered for this server.")}
        <Field
          label="Client secret"
          htmlFor="oidc-clientSecret"
          error={errors.clientSecret?.message}
          hint={secretSet ? "A secret is stored: leave empty to keep it, or type a new one." : "Issued by the identity provider with the client ID."}
        >
          <Input id="oidc-clientSecret" type="password" autoComplete="new-password" placeholder={secretSet ? "stored" : ""} aria-invalid={!!errors.clientSecret} {...register("clientSecret")} />
        </Field>
      </div>
      {text(
        "discoveryUrl",
        "Discovery URL",
        "The provider's OpenID configuration document: the issuer and the endpoints left empty below come from it.",
        "https://idp.example.com/.well-known/openid-configuration",
      )}
      {text("issuer", "Issuer", "The issuer the identity provider's ID tokens must name.", "https://idp.example.com")}
      <div className="grid grid-cols-2 gap-4">
        {text("authorizationEndpoint", "Authorization endpoint", undefined, "https://idp.example.com/authorize")}
        {text("tokenEndpoint", "Token endpoint", undefined, "https://idp.example.com/token")}
        {text("userinfoEndpoint", "Userinfo endpoint", "Optional: claims beyond the ID token's.", "https://idp.example.com/userinfo")}
        {text("jwksUri", "JWKS URI", "Where the provider publishes the keys its ID tokens are signed with.", "https://idp.example.com/jwks")}
      </div>
      <div className="grid grid-cols-2 gap-4">
        {text("scopes", "Scopes", "Separated by spaces; openid is required.")}
        <Field label="Token endpoint authentication" htmlFor="oidc-tokenEndpointAuthMethod" error={errors.tokenEndpointAuthMethod?.message}>
          <Select id="oidc-tokenEndpointAuthMethod" {...register("tokenEndpointAuthMethod")}>
            {TOKEN_ENDPOINT_AUTH_METHODS.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Button type="submit" disabled={formState.isSubmitting}>
        Save settings
      </Button>
    </form>
  );
}
