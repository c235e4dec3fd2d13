"use client";

import { useFieldArray, useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { ADMIN_API, api } from "@/components/api";
import { Button, Field, Input, Select } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import {
  SUBJECT_CLAIMS,
  claimsErrors,
  claimsFormSchema,
  claimsToBody,
  claimsToForm,
  optionsWith,
  rolesErrors,
  rolesFormSchema,
  rolesToBody,
  rolesToForm,
  type ClaimsForm,
  type RolesForm,
} from "@/lib/console/federation-forms";
import { FormAlert, showApiError, useRefreshConnection } from "./federation-part";
import { useLocalClaims, useRoleOptions, type ConnectionDetailView } from "./hooks";

/** The Attributes tab: which claim identifies the user, how claims fill local attributes, and how roles map. */
export function AttributeMappings({ connection }: { connection: ConnectionDetailView }) {
  return (
    <div className="space-y-6">
      <ClaimMappings connection={connection} />
      <RoleMappings connection={connection} />
    </div>
  );
}

function ClaimMappings({ connection }: { connection: ConnectionDetailView }) {
  const toast = useToast();
  const refresh = useRefreshConnection(connection.id);
  const localClaims = useLocalClaims();
  const { register, control, handleSubmit, formState, setError, watch } = useForm<ClaimsForm>({ resolver: zodResolver(claimsFormSchema), defaultValues: claimsToForm(connection.claims) });
  const rows = useFieldArray({ control, name: "mappings" });
  const errors = formState.errors;
  const subject = watch("subjectClaim");
  const chosen = watch("mappings");
  const attributes = optionsWith(
    localClaims.data ?? [],
    chosen.map((m) => m.localAttribute),
  );

  const submit = handleSubmit(async (form) => {
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/claims`, { method: "PUT", json: claimsToBody(form) });
      await refresh();
      toast("success", "Attribute mappings saved");
    } catch (err) {
      showApiError(err, setError, (fieldErrors) => claimsErrors(fieldErrors, form));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Attribute mappings" className="max-w-4xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Attribute mappings</h2>
        <p className="text-sm text-slate-600">Standard OpenID Connect claims (given_name, family_name, email, …) fill their usual attributes by default; a mapping here adds to or overrides them.</p>
      </div>
      <FormAlert message={errors.root?.message} />
      <div className="grid grid-cols-2 gap-4">
        <Field label="Subject claim" htmlFor="claims-subject" error={errors.subjectClaim?.message} hint="The claim that identifies the user at the identity provider; links are kept by it.">
          <Select id="claims-subject" {...register("subjectClaim")}>
            {SUBJECT_CLAIMS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
            <option value="other">Other claim…</option>
          </Select>
        </Field>
        {subject === "other" ? (
          <Field label="Subject claim name" htmlFor="claims-subject-other" error={errors.subjectClaimOther?.message}>
            <Input id="claims-subject-other" autoComplete="off" placeholder="oid" aria-invalid={!!errors.subjectClaimOther} {...register("subjectClaimOther")} />
          </Field>
        ) : (
          <div />
        )}
        <Field label="Role claim" htmlFor="claims-role" error={errors.roleClaim?.message} hint="The claim carrying the user's roles or groups, for the role mappings below; empty: none.">
          <Input id="claims-role" autoComplete="off" placeholder="groups" aria-invalid={!!errors.roleClaim} {...register("roleClaim")} />
        </Field>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Claim mappings</legend>
        {localClaims.error && (
          <p role="alert" className="text-sm text-red-600">
            {(localClaims.error as Error).message}
          </p>
        )}
        {rows.fields.length === 0 && <p className="text-sm text-slate-500">No claim mappings: only the standard claims are used.</p>}
        {rows.fields.map((row, i) => (
          <div key={row.id} role="group" aria-label={`Claim mapping ${i + 1}`} className="grid grid-cols-[1fr_1fr_auto_auto] items-start gap-3">
            <Field label="Identity provider claim" htmlFor={`claim-${i}-idp`} error={errors.mappings?.[i]?.idpClaim?.message}>
              <Input id={`claim-${i}-idp`} autoComplete="off" aria-invalid={!!errors.mappings?.[i]?.idpClaim} {...register(`mappings.${i}.idpClaim`)} />
            </Field>
            <Field label="Local attribute" htmlFor={`claim-${i}-local`} error={errors.mappings?.[i]?.localAttribute?.message}>
              <Select id={`claim-${i}-local`} aria-invalid={!!errors.mappings?.[i]?.localAttribute} {...register(`mappings.${i}.localAttribute`)}>
                <option value="">Choose an attribute…</option>
                {attributes.map((uri) => (
                  <option key={uri} value={uri}>
                    {uri}
                  </option>
                ))}
              </Select>
            </Field>
            <label className="mt-8 flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" {...register(`mappings.${i}.required`)} />
              Required
            </label>
            <Button type="button" variant="secondary" className="mt-6" aria-label={`Remove claim mapping ${i + 1}`} onClick={() => rows.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <ArrayError message={errors.mappings?.message ?? errors.mappings?.root?.message} />
        <Button type="button" variant="secondary" onClick={() => rows.append({ idpClaim: "", localAttribute: "", required: false })}>
          Add claim mapping
        </Button>
      </fieldset>
      <Button type="submit" disabled={formState.isSubmitting}>
        Save attribute mappings
      </Button>
    </form>
  );
}

function RoleMappings({ connection }: { connection: ConnectionDetailView }) {
  const toast = useToast();
  const refresh = useRefreshConnection(connection.id);
  const roles = useRoleOptions();
  const { register, control, handleSubmit, formState, setError, watch } = useForm<RolesForm>({ resolver: zodResolver(rolesFormSchema), defaultValues: rolesToForm(connection.roles) });
  const rows = useFieldArray({ control, name: "mappings" });
  const errors = formState.errors;
  const chosen = watch("mappings");
  const roleNames = optionsWith(
    (roles.data ?? []).map((r) => r.name),
    chosen.map((m) => m.localRole),
  );

  const submit = handleSubmit(async (form) => {
    try {
      await api(`${ADMIN_API}/identity-providers/${connection.id}/roles`, { method: "PUT", json: rolesToBody(form) });
      await refresh();
      toast("success", "Role mappings saved");
    } catch (err) {
      showApiError(err, setError, rolesErrors);
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Role mappings" className="max-w-4xl space-y-5 rounded-lg border border-slate-200 bg-white p-6">
      <div>
        <h2 className="text-base font-semibold text-slate-900">Role mappings</h2>
        <p className="text-sm text-slate-600">
          A user whose role claim{connection.claims.roleClaim.uri ? ` (${connection.claims.roleClaim.uri})` : ""} holds the identity provider&apos;s role gets the local role at every sign-in, and
          loses it when the identity provider no longer sends it. Roles given here by an administrator stay.
        </p>
      </div>
      <FormAlert message={errors.root?.message} />
      {roles.error && (
        <p role="alert" className="text-sm text-red-600">
          {(roles.error as Error).message}
        </p>
      )}
      <fieldset className="space-y-2">
        <legend className="sr-only">Role mappings</legend>
        {rows.fields.length === 0 && <p className="text-sm text-slate-500">No role mappings.</p>}
        {rows.fields.map((row, i) => (
          <div key={row.id} role="group" aria-label={`Role mapping ${i + 1}`} className="grid grid-cols-[1fr_1fr_auto_auto] items-start gap-3">
            <Field label="Identity provider role" htmlFor={`role-${i}-idp`} error={errors.mappings?.[i]?.idpRole?.message}>
              <Input id={`role-${i}-idp`} autoComplete="off" aria-invalid={!!errors.mappings?.[i]?.idpRole} {...register(`mappings.${i}.idpRole`)} />
            </Field>
            <Field label="Local role" htmlFor={`role-${i}-local`} error={errors.mappings?.[i]?.localRole?.message}>
              <Select id={`role-${i}-local`} aria-invalid={!!errors.mappings?.[i]?.localRole} {...register(`mappings.${i}.localRole`)}>
                <option value="">Choose a role…</option>
                {roleNames.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="button" variant="secondary" className="mt-6" aria-label={`Remove role mapping ${i + 1}`} onClick={() => rows.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <ArrayError message={errors.mappings?.message ?? errors.mappings?.root?.message} />
        <Button type="button" variant="secondary" onClick={() => rows.append({ idpRole: "", localRole: "" })}>
          Add role mapping
        </Button>
      </fieldset>
      <Button type="submit" disabled={formState.isSubmitting}>
        Save role mappings
      </Button>
    </form>
  );
}

function ArrayError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-xs text-red-600">
      {message}
    </p>
  );
}
