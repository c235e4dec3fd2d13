"use client";

import { Field, Input, Select } from "@/components/ui/controls";
import { linesToMapping, mappingToLines, type MappingPair } from "@/lib/console/mapping-lines";
import type { ConnectorTypeInfo, ConnectorView } from "./hooks";

export type ConfigValue = string | boolean;
export type ConfigValues = Record<string, ConfigValue>;

interface JsonProperty {
  type?: string | string[];
  enum?: string[];
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  items?: { type?: string; properties?: Record<string, JsonProperty> };
}

interface FieldMeta {
  label: string;
  hint?: string;
  placeholder?: string;
  options?: Record<string, string>;
  /** shown (and sent) only when this holds */
  when?: (values: ConfigValues) => boolean;
  /** required when shown, beyond what the JSON Schema says */
  requiredWhenShown?: boolean;
}

const basic = (v: ConfigValues) => v.authType === "basic";
const bearer = (v: ConfigValues) => v.authType === "bearer";

const NAME_SOURCE_LABELS = {
  "name.givenName": "First name",
  "name.middleName": "Middle name",
  "name.familyName": "Last name",
  "name.formatted": "Full name",
  displayName: "Display name",
  userName: "User name",
};

/**
 * Labels and help for the settings of the known connector types, in the words of WSO2's console. Settings of
 * types added later still get a field from their JSON Schema, labelled from their name.
 */
const FIELD_META: Record<string, FieldMeta> = {
  userEndpoint: { label: "User endpoint", placeholder: "https://idp.example.com/scim2/Users" },
  groupEndpoint: { label: "Group endpoint", placeholder: "https://idp.example.com/scim2/Groups" },
  authType: { label: "Authentication", options: { basic: "Basic (username and password)", bearer: "OAuth 2.0 client credentials (bearer token)" } },
  username: { label: "Username", when: basic, requiredWhenShown: true },
  password: { label: "Password", when: basic, requiredWhenShown: true },
  tokenEndpoint: { label: "Token endpoint", placeholder: "https://idp.example.com/oauth2/token", when: bearer, requiredWhenShown: true },
  clientId: { label: "Client ID", when: bearer, requiredWhenShown: true },
  clientSecret: { label: "Client secret", when: bearer, requiredWhenShown: true },
  scope: { label: "Scope", hint: "Scopes to request, separated by spaces", when: bearer },
  userStoreDomain: { label: "User store domain", hint: "Users and groups are created in this domain at the target (DOMAIN/name). PRIMARY is never sent as a prefix." },
  stripLocalDomain: { label: "Send names without their local domain prefix", hint: '"MYSQL/kim" is sent as "kim". Off: secondary user stores keep their prefix; PRIMARY names are always sent bare.' },
  passwordProvisioning: { label: "Enable password provisioning", hint: "Send passwords set here to the target." },
  defaultPassword: { label: "Default password", hint: "Sent for users created without a password." },
  timeoutMs: { label: "Request timeout (milliseconds)" },
  maxMembersPerRequest: {
    label: "Members per request",
    hint: "The most group members one request adds or removes; large groups are created and changed in chunks of this size. A target answering tooMany gets smaller chunks.",
  },
  // Google Workspace
  serviceAccountKey: {
    label: "Service account key (JSON)",
    hint: "Paste the content of the service account's JSON key file (IAM & Admin › Service accounts › Keys › Add key › JSON). Stored encrypted and never shown again.",
  },
  adminEmail: { label: "Administrator's email", placeholder: "admin@example.com", hint: "The Google Workspace administrator the service account acts for, through domain-wide delegation." },
  domain: { label: "Google domain", placeholder: "example.com", hint: "Primary emails made from user names, and group addresses, are in this domain." },
  primaryEmailSource: { label: "Primary email", options: { userName: "User name at the Google domain (userName@domain)", email: "The user's email address" } },
  givenNameSource: { label: "Given name", hint: "Taken from the user name when the attribute is empty; Google requires it.", options: NAME_SOURCE_LABELS },
  familyNameSource: { label: "Family name", hint: "Taken from the user name when the attribute is empty; Google requires it.", options: NAME_SOURCE_LABELS },
  rootUrl: { label: "Directory API root URL", placeholder: "https://admin.googleapis.com", hint: "Leave empty to call Google. Set only to go through a proxy: an origin, without a path." },
  enterpriseExtensionKey: {
    label: "Enterprise extension attribute",
    hint: 'Where the target reads enterprise attributes, e.g. "urn:scim:schemas:extension:enterprise:1.0". Empty: they are not sent.',
  },
};

const salesforceUsernameAtDomain = (v: ConfigValues) => v.usernameSource === "userNameAtDomain";

/**
 * Settings whose meaning depends on the connector type; these take precedence over FIELD_META. The SPML
 * connector's username and password, for one, are its optional Basic credentials, and the SOAP connector always
 * signs in with HTTP Basic: no authentication type to choose. WSO2's console words.
 */
const TYPE_FIELD_META: Record<string, Record<string, FieldMeta>> = {
  spml: {
    endpoint: { label: "SPML Endpoint", placeholder: "https://idm.example.com/spml/rpcrouter2" },
    username: { label: "Username", hint: "For HTTP Basic authentication. Empty: the provider is called without credentials." },
    password: { label: "Password", hint: "Required with a username." },
    targetId: { label: "Target ID", hint: "The provider's target that receives the users (targetID in each request)." },
    objectClass: { label: "SPML ObjectClass", hint: 'Object class of the users created, e.g. "inetOrgPerson". Several: separate them with commas.' },
    attributeMapping: {
      label: "Attribute mapping",
      hint: "One per line: target attribute = user attribute. Sent in every add and as replace modifications in every modify; objectclass comes from the setting above.",
    },
    searchUsers: { label: "Find existing users", hint: "When the target already has a user, find it with a searchRequest on the attribute mapped from userName and link it." },
  },
  salesforce: {
    loginUrl: {
      label: "Login URL",
      placeholder: "https://login.salesforce.com",
      hint: "https://login.salesforce.com, https://test.salesforce.com for a sandbox, or the org's My Domain URL. The OAuth 2.0 token endpoint is under it.",
    },
    clientId: { label: "Client ID", hint: "The connected app's consumer key" },
    clientSecret: { label: "Client secret", hint: "The connected app's consumer secret" },
    username: { label: "Username", hint: "The Salesforce user the connector signs in as; it needs the Manage Users permission" },
    password: { label: "Password" },
    securityToken: { label: "Security token", hint: "Appended to the password when signing in; not needed when the org trusts this server's IP addresses" },
    apiVersion: { label: "API version", placeholder: "59.0" },
    profileId: { label: "Profile ID", placeholder: "00e…", hint: "The profile of every user created: Salesforce requires one for a new user (Setup, Profiles; the id in the profile's address)" },
    timeZoneSidKey: { label: "Time zone", hint: "Of new users (TimeZoneSidKey)" },
    localeSidKey: { label: "Locale", hint: "Of new users (LocaleSidKey)" },
    emailEncodingKey: { label: "Email encoding", hint: "Of new users (EmailEncodingKey)" },
    languageLocaleKey: { label: "Language", hint: "Of new users (LanguageLocaleKey)" },
    aliasRule: {
      label: "Alias",
      hint: "Salesforce requires an alias of at most 8 characters",
      options: { initialAndLastName: "First initial and last name (Kim Lee: klee)", userName: "User name, before any @" },
    },
    usernameSource: {
      label: "Salesforce username",
      hint: "Salesforce usernames look like email addresses and are unique across all Salesforce orgs",
      options: { email: "The user's email address", userNameAtDomain: "The user name at the provisioning domain" },
    },
    usernameDomain: {
      label: "Provisioning domain",
      placeholder: "sf.example.com",
      hint: '"kim" becomes kim@<domain>, "kim@corp.com" becomes kim.corp.com@<domain>',
      when: salesforceUsernameAtDomain,
      requiredWhenShown: true,
    },
    freezeOnDelete: {
      label: "Freeze users when they are deleted",
      hint: "Salesforce users cannot be deleted: they are deactivated. Frozen first, a user whose deactivation Salesforce refuses cannot sign in either.",
    },
  },
  soap: {
    serviceUrl: {
      label: "Service URL",
      placeholder: "https://is.example.com:9443/services/RemoteUserStoreManagerService",
      hint: "The RemoteUserStoreManagerService endpoint of WSO2 IS or of another Provisio. Users and roles there are addressed by name.",
    },
    username: { label: "Username", hint: "An administrator at the remote, signed in with HTTP Basic" },
    password: { label: "Password" },
    userStoreDomain: { label: "User store domain", hint: "Users and roles are created in this domain at the remote (DOMAIN/name). PRIMARY is never sent as a prefix." },
    defaultPassword: { label: "Default password", hint: "Sent for users created without a password. WSO2 IS refuses users without one." },
  },
};

const humanize = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());

export interface ConfigField {
  name: string;
  label: string;
  kind: "text" | "secret" | "boolean" | "select" | "number" | "mapping";
  options?: { value: string; label: string }[];
  hint?: string;
  placeholder?: string;
  required: boolean;
  when?: (values: ConfigValues) => boolean;
  defaultValue: ConfigValue;
}

/** A list of {attribute, source} pairs: edited as "attribute = source" lines. */
const isMapping = (prop: JsonProperty) => prop.type === "array" && !!prop.items?.properties?.attribute && !!prop.items?.properties?.source;

/** The form of a connector type, generated from the JSON Schema of its settings. */
export function configFields(type: ConnectorTypeInfo): ConfigField[] {
  const schema = type.configSchema as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const meta = TYPE_FIELD_META[type.type]?.[name] ?? FIELD_META[name];
    const t = Array.isArray(prop.type) ? prop.type.find((x) => x !== "null") : prop.type;
    const kind: ConfigField["kind"] = type.secretFields.includes(name)
      ? "secret"
      : prop.enum
        ? "select"
        : isMapping(prop)
          ? "mapping"
          : t === "boolean"
            ? "boolean"
            : t === "integer" || t === "number"
              ? "number"
              : "text";
    const options = (prop.enum ?? (kind === "mapping" ? prop.items?.properties?.source?.enum : undefined))?.map((value) => ({ value, label: meta?.options?.[value] ?? value }));
    const defaultValue: ConfigValue =
      kind === "boolean"
        ? prop.default === true
        : kind === "mapping"
          ? mappingToLines(Array.isArray(prop.default) ? (prop.default as MappingPair[]) : [])
          : prop.default !== undefined
            ? String(prop.default)
            : kind === "select"
              ? (prop.enum?.[0] ?? "")
              : "";
    return {
      name,
      label: meta?.label ?? humanize(name),
      kind,
      options,
      // a mapping's sources are whatever the server offers: listed from its schema, never repeated here
      hint: kind === "mapping" && options ? `${meta?.hint ? `${meta.hint} ` : ""}User attributes: ${options.map((o) => o.value).join(", ")}.` : meta?.hint,
      placeholder: meta?.placeholder,
      required: required.has(name) || !!meta?.requiredWhenShown,
      when: meta?.when,
      defaultValue,
    };
  });
}

const textareaClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

export const visible = (field: ConfigField, values: ConfigValues) => !field.when || field.when(values);

/** Form values of a stored connector: secrets are never known here and start empty. */
export function connectorToValues(fields: ConfigField[], connector?: ConnectorView): ConfigValues {
  const values: ConfigValues = {};
  for (const f of fields) {
    const stored = connector?.config[f.name];
    if (f.kind === "secret") values[f.name] = "";
    else if (f.kind === "boolean") values[f.name] = typeof stored === "boolean" ? stored : f.defaultValue;
    else if (f.kind === "mapping") values[f.name] = Array.isArray(stored) ? mappingToLines(stored as MappingPair[]) : f.defaultValue;
    else values[f.name] = stored === undefined || stored === null ? f.defaultValue : String(stored);
  }
  return values;
}

/** What the form checks before the summary; the server validates the settings in full when they are saved. */
export function checkValues(fields: ConfigField[], values: ConfigValues, secretsSet: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (!visible(f, values) || !f.required) continue;
    const v = values[f.name];
    if (f.kind === "secret" && secretsSet.includes(f.name)) continue;
    if (typeof v === "string" && !v.trim()) errors[f.name] = `${f.label} is required`;
  }
  for (const f of fields) {
    const v = values[f.name];
    if (!visible(f, values) || typeof v !== "string" || !v.trim()) continue;
    if (f.kind === "number" && !Number.isFinite(Number(v))) errors[f.name] ??= `${f.label} must be a number`;
    if (f.kind === "mapping") {
      const parsed = linesToMapping(v);
      if ("error" in parsed) errors[f.name] ??= parsed.error;
      else {
        const unknown = parsed.pairs.find((p) => f.options && !f.options.some((o) => o.value === p.source));
        if (unknown) errors[f.name] ??= `Unknown user attribute "${unknown.source}"; one of: ${f.options!.map((o) => o.value).join(", ")}`;
      }
    }
    if (f.kind === "text" && /(endpoint|url)$/i.test(f.name) && !/^https?:\/\/\S+$/i.test(v.trim())) errors[f.name] ??= `${f.label} must be an http(s) URL`;
  }
  return errors;
}

/** The settings to send: hidden fields left out, numbers as numbers, empty secrets left empty so the stored ones stay. */
export function valuesToConfig(fields: ConfigField[], values: ConfigValues): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const f of fields) {
    if (!visible(f, values)) continue;
    const v = values[f.name];
    if (f.kind === "boolean") config[f.name] = v === true;
    else if (f.kind === "mapping") {
      // an unreadable text was stopped by checkValues; sent as is, the server would say why
      const parsed = linesToMapping(typeof v === "string" ? v : "");
      config[f.name] = "error" in parsed ? v : parsed.pairs;
    } else if (f.kind === "number") {
      if (typeof v === "string" && v.trim()) config[f.name] = Number(v);
    } else config[f.name] = typeof v === "string" ? v.trim() : v;
  }
  return config;
}

/** The generated fields of a connector type. Secret inputs never show a stored value: empty keeps it. */
export function ConnectorConfigFields({
  fields,
  values,
  errors,
  secretsSet,
  onChange,
}: {
  fields: ConfigField[];
  values: ConfigValues;
  errors: Record<string, string>;
  secretsSet: string[];
  onChange: (name: string, value: ConfigValue) => void;
}) {
  return (
    <div className="space-y-4">
      {fields
        .filter((f) => visible(f, values))
        .map((f) => {
          const id = `config-${f.name}`;
          const error = errors[f.name];
          const describedBy = error ? `${id}-error` : undefined;
          if (f.kind === "boolean") {
            return (
              <div key={f.name} className="space-y-1">
                <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                  <input id={id} type="checkbox" checked={values[f.name] === true} onChange={(e) => onChange(f.name, e.target.checked)} /> {f.label}
                </label>
                {f.hint && <p className="pl-6 text-xs text-slate-500">{f.hint}</p>}
                {error && (
                  <p id={`${id}-error`} role="alert" className="pl-6 text-xs text-red-600">
                    {error}
                  </p>
                )}
              </div>
            );
          }
          return (
            <Field key={f.name} label={f.label} htmlFor={id} error={error} hint={f.hint}>
              {f.kind === "mapping" ? (
                <textarea
                  id={id}
                  rows={Math.max(4, String(values[f.name] ?? "").split("\n").length + 1)}
                  spellCheck={false}
                  className={textareaClass}
                  value={String(values[f.name] ?? "")}
                  aria-invalid={!!error}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(f.name, e.target.value)}
                />
              ) : f.kind === "select" ? (
                <Select id={id} value={String(values[f.name] ?? "")} aria-invalid={!!error} aria-describedby={describedBy} onChange={(e) => onChange(f.name, e.target.value)}>
                  {f.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input
                  id={id}
                  type={f.kind === "secret" ? "password" : f.kind === "number" ? "number" : "text"}
                  autoComplete={f.kind === "secret" ? "new-password" : "off"}
                  placeholder={f.kind === "secret" && secretsSet.includes(f.name) ? "unchanged" : f.placeholder}
                  value={String(values[f.name] ?? "")}
                  aria-invalid={!!error}
                  aria-describedby={describedBy}
                  onChange={(e) => onChange(f.name, e.target.value)}
                />
              )}
            </Field>
          );
        })}
    </div>
  );
}

/** Settings as the summary lists them; secrets only say whether they are set. */
export function summaryRows(fields: ConfigField[], values: ConfigValues, secretsSet: string[]): { label: string; value: string }[] {
  return fields
    .filter((f) => visible(f, values))
    .map((f) => {
      const v = values[f.name];
      if (f.kind === "secret") return { label: f.label, value: typeof v === "string" && v ? "Set (hidden)" : secretsSet.includes(f.name) ? "Unchanged" : "Not set" };
      if (f.kind === "boolean") return { label: f.label, value: v === true ? "Yes" : "No" };
      if (f.kind === "select") return { label: f.label, value: f.options?.find((o) => o.value === v)?.label ?? String(v) };
      if (f.kind === "mapping")
        return {
          label: f.label,
          value:
            typeof v === "string" && v.trim()
              ? v
                  .trim()
                  .split(/\s*\n\s*/)
                  .join(", ")
              : "—",
        };
      return { label: f.label, value: typeof v === "string" && v.trim() ? v.trim() : "—" };
    });
}
