"use client";

import { useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ADMIN_API, api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/controls";
import { useToast } from "@/components/ui/toast";
import { usePanelFocus } from "@/components/ui/use-panel-focus";
import { revalidate } from "@/lib/console/revalidate";
import { checkValues, configFields, ConnectorConfigFields, connectorToValues, summaryRows, valuesToConfig, type ConfigValue, type ConfigValues } from "./connector-fields";
import type { ConnectionView, ConnectorTypeInfo, ConnectorView } from "./hooks";
import { TestConnectionPanel } from "./connection-test";

const STEPS = [
  { id: "type", label: "Connector type" },
  { id: "details", label: "Connector details" },
  { id: "summary", label: "Summary" },
] as const;
type Step = (typeof STEPS)[number]["id"];

/**
 * Field errors of the settings come back as "config.<field>", or deeper for a list ("config.attributeMapping.2.source");
 * they show under the field. Anything else is for the whole form.
 */
function splitErrors(err: unknown): { fields: Record<string, string>; root?: string } {
  if (!(err instanceof ApiError)) return { fields: {}, root: (err as Error).message };
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(err.fieldErrors)) {
    if (!path.startsWith("config.") || path.length <= 7) continue;
    const [field, ...within] = path.slice(7).split(".");
    // a list's entry is named by its line, as the form shows lists one entry per line
    const line = within[0] !== undefined && /^\d+$/.test(within[0]) ? `Line ${Number(within[0]) + 1}: ` : "";
    fields[field!] ??= `${line}${message}`;
  }
  return Object.keys(fields).length ? { fields } : { fields, root: err.message };
}

/** The form's settings for a test, once they pass the same checks as saving; otherwise the errors show and nothing is sent. */
function checkedConfig(fields: ReturnType<typeof configFields>, values: ConfigValues, secretsSet: string[], setErrors: (e: Record<string, string>) => void) {
  const found = checkValues(fields, values, secretsSet);
  setErrors(found);
  return Object.keys(found).length ? undefined : valuesToConfig(fields, values);
}

function useSaveConnector(connection: ConnectionView) {
  const queryClient = useQueryClient();
  return async (type: string, config: Record<string, unknown>, enabled?: boolean) => {
    const saved = await api<ConnectorView>(`${ADMIN_API}/identity-providers/${connection.id}/connectors/${type}`, { method: "PUT", json: { config, ...(enabled === undefined ? {} : { enabled }) } });
    await Promise.all([queryClient.invalidateQueries({ queryKey: ["connection", connection.id] }), queryClient.invalidateQueries({ queryKey: ["connections"] })]);
    return saved;
  };
}

function Steps({ current }: { current: Step }) {
  const index = STEPS.findIndex((s) => s.id === current);
  return (
    <ol className="mb-5 flex gap-6 text-sm" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li
          key={s.id}
          aria-current={s.id === current ? "step" : undefined}
          className={`flex items-center gap-2 ${i === index ? "font-semibold text-brand-700" : i < index ? "text-slate-700" : "text-slate-400"}`}
        >
          <span className={`flex h-6 w-6 items-center justify-center rounded-full border text-xs ${i <= index ? "border-brand-600" : "border-slate-300"}`}>{i + 1}</span>
          {s.label}
        </li>
      ))}
    </ol>
  );
}

/**
 * Adding an outbound provisioning connector, in the steps of WSO2's console: the type, its details (a form
 * generated from the type's settings), a summary, then finish.
 */
export function ConnectorWizard({ connection, types, onClose }: { connection: ConnectionView; types: ConnectorTypeInfo[]; onClose: () => void }) {
  const toast = useToast();
  const save = useSaveConnector(connection);
  const available = types.filter((t) => !connection.connectors.some((c) => c.type === t.type));
  const [step, setStep] = useState<Step>("type");
  const [type, setType] = useState(available[0]?.type ?? "");
  const info = types.find((t) => t.type === type);
  const fields = useMemo(() => (info ? configFields(info) : []), [info]);
  // the values typed for a type survive going back to the first step and choosing the same type again
  const [draft, setDraft] = useState<{ type: string; values: ConfigValues }>();
  const values = draft?.values ?? {};
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const setValue = (name: string, value: ConfigValue) => {
    if (!draft) return;
    const changed = { ...draft.values, [name]: value };
    const nowTouched = new Set(touched).add(name);
    setDraft({ ...draft, values: changed });
    setTouched(nowTouched);
    setErrors((shown) => revalidate(shown, checkValues(fields, changed, []), nowTouched));
  };
  const [rootError, setRootError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const { heading, onKeyDown } = usePanelFocus<HTMLHeadingElement>(onClose);
  const goTo = (to: Step) => {
    setStep(to);
    heading.current?.focus();
  };

  const next = () => {
    setRootError(undefined);
    if (step === "type") {
      if (!info) return setRootError("Choose a connector type");
      if (draft?.type !== type) {
        setDraft({ type, values: connectorToValues(fields) });
        setTouched(new Set());
      }
      setErrors({});
      goTo("details");
    } else if (step === "details") {
      const found = checkValues(fields, values, []);
      setErrors(found);
      if (!Object.keys(found).length) goTo("summary");
    }
  };

  const finish = async () => {
    if (!info) return;
    setSaving(true);
    try {
      await save(info.type, valuesToConfig(fields, values), true);
      toast("success", `${info.label} connector added`);
      onClose();
    } catch (err) {
      const { fields: fieldErrors, root } = splitErrors(err);
      setErrors(fieldErrors);
      setRootError(root);
      if (Object.keys(fieldErrors).length) goTo("details");
    } finally {
      setSaving(false);
    }
  };

  return (
    <section role="dialog" aria-labelledby="connector-wizard-title" onKeyDown={onKeyDown} className="max-w-3xl rounded-lg border border-brand-200 bg-white p-6 shadow-sm">
      <h3 ref={heading} tabIndex={-1} id="connector-wizard-title" className="mb-4 text-lg font-semibold focus:outline-none">
        Add outbound provisioning connector
      </h3>
      <Steps current={step} />
      {rootError && (
        <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {rootError}
        </div>
      )}
      {step === "type" && (
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-medium text-slate-700">Select the type of the connector</legend>
          {available.length === 0 && <p className="text-sm text-slate-500">Every connector type is already configured for this connection.</p>}
          {available.map((t) => (
            <label key={t.type} className={`flex cursor-pointer items-center gap-3 rounded-md border px-4 py-3 text-sm ${type === t.type ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}>
              <input type="radio" name="connector-type" value={t.type} checked={type === t.type} onChange={() => setType(t.type)} />
              <span className="font-medium">{t.label}</span>
              <span className="font-mono text-xs text-slate-500">{t.type}</span>
            </label>
          ))}
        </fieldset>
      )}
      {step === "details" && info && (
        <>
          <ConnectorConfigFields fields={fields} values={values} errors={errors} secretsSet={[]} onChange={setValue} />
          <TestConnectionPanel connectionId={connection.id} type={info.type} label={info.label} config={() => checkedConfig(fields, values, [], setErrors)} />
        </>
      )}
      {step === "summary" && info && (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            A <strong>{info.label}</strong> connector will be added to <strong>{connection.name}</strong> and enabled.
          </p>
          <dl aria-label="Connector summary" className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-md border border-slate-200 p-4 text-sm">
            {summaryRows(fields, values, []).map((r) => (
              <div key={r.label} className="contents">
                <dt className="text-slate-500">{r.label}</dt>
                <dd className="break-all">{r.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      <div className="mt-6 flex gap-2">
        {step !== "type" && (
          <Button variant="secondary" type="button" onClick={() => goTo(step === "summary" ? "details" : "type")}>
            Previous
          </Button>
        )}
        {step !== "summary" ? (
          <Button type="button" onClick={next} disabled={!available.length}>
            Next
          </Button>
        ) : (
          <Button type="button" onClick={finish} disabled={saving}>
            Finish
          </Button>
        )}
        <Button variant="secondary" type="button" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </section>
  );
}

/** Editing a connector's settings; secret fields start empty and keep their stored values unless filled in. */
export function ConnectorEditor({ connection, connector, info, onClose }: { connection: ConnectionView; connector: ConnectorView; info: ConnectorTypeInfo; onClose: () => void }) {
  const toast = useToast();
  const save = useSaveConnector(connection);
  const fields = useMemo(() => configFields(info), [info]);
  const [values, setValues] = useState<ConfigValues>(() => connectorToValues(fields, connector));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const setValue = (name: string, value: ConfigValue) => {
    const changed = { ...values, [name]: value };
    const nowTouched = new Set(touched).add(name);
    setValues(changed);
    setTouched(nowTouched);
    setErrors((shown) => revalidate(shown, checkValues(fields, changed, connector.secretsSet), nowTouched));
  };
  const [rootError, setRootError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const { heading, onKeyDown } = usePanelFocus<HTMLHeadingElement>(onClose);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setRootError(undefined);
    const found = checkValues(fields, values, connector.secretsSet);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      await save(connector.type, valuesToConfig(fields, values));
      toast("success", `${info.label} connector saved`);
      onClose();
    } catch (err) {
      const { fields: fieldErrors, root } = splitErrors(err);
      setErrors(fieldErrors);
      setRootError(root);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-labelledby="connector-editor-title" className="max-w-3xl rounded-lg border border-brand-200 bg-white p-6 shadow-sm">
      <h3 ref={heading} tabIndex={-1} id="connector-editor-title" className="mb-4 text-lg font-semibold focus:outline-none">
        Edit {info.label} connector
      </h3>
      {rootError && (
        <div role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {rootError}
        </div>
      )}
      <ConnectorConfigFields fields={fields} values={values} errors={errors} secretsSet={connector.secretsSet} onChange={setValue} />
      <TestConnectionPanel connectionId={connection.id} type={connector.type} label={info.label} config={() => checkedConfig(fields, values, connector.secretsSet, setErrors)} />
      <div className="mt-6 flex gap-2">
        <Button type="submit" disabled={saving}>
          Save connector
        </Button>
        <Button variant="secondary" type="button" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
