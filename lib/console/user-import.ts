import { z } from "zod";
import { CUSTOM_USER_SCHEMA, type CustomAttribute, type CustomValue } from "../identity/custom-attribute-schema.ts";
import { booleanFromText, customValueFromText } from "./custom-values.ts";
import { IdentityError } from "../identity/errors.ts";
import { userFormSchema } from "./user-form.ts";

/** WSO2's "Add multiple users" from a CSV file: bounded so one upload cannot hold the server for long. */
export const IMPORT_MAX_ROWS = 10_000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** rows per import request: each user is hashed and provisioned in turn, so a file goes up in slices */
export const IMPORT_BATCH_ROWS = 200;

type CoreField = "userName" | "password" | "givenName" | "familyName" | "displayName" | "email" | "phone" | "active" | "department" | "domain";
export type ColumnTarget = { kind: "core"; field: CoreField } | { kind: "custom"; attribute: CustomAttribute };

// header spellings, compared without case, spaces, _ or -: WSO2's and a spreadsheet's names alike
const CORE_ALIASES: Record<string, CoreField> = {
  username: "userName",
  password: "password",
  givenname: "givenName",
  firstname: "givenName",
  familyname: "familyName",
  lastname: "familyName",
  surname: "familyName",
  displayname: "displayName",
  email: "email",
  emailaddress: "email",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
  active: "active",
  department: "department",
  domain: "domain",
  userstore: "domain",
  userstoredomain: "domain",
};

export const IMPORT_COLUMNS_HINT = "userName, password, givenName, familyName, displayName, email, phone, active, department, domain";

const squash = (header: string) => header.toLowerCase().replace(/[\s_-]/g, "");

/** Each column's meaning, or every problem with the header row (unknown, repeated or missing columns). */
export function mapColumns(headers: readonly string[], customAttributes: readonly CustomAttribute[]): { targets: ColumnTarget[]; problems: string[] } {
  const targets: ColumnTarget[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const raw of headers) {
    const header = raw.trim();
    const bare = header.startsWith(`${CUSTOM_USER_SCHEMA}:`) ? header.slice(CUSTOM_USER_SCHEMA.length + 1) : header;
    const custom = customAttributes.find((a) => a.name.toLowerCase() === bare.toLowerCase());
    const core = CORE_ALIASES[squash(header)];
    const target: ColumnTarget | undefined =
      custom && bare !== header ? { kind: "custom", attribute: custom } : core ? { kind: "core", field: core } : custom ? { kind: "custom", attribute: custom } : undefined;
    if (!target) {
      problems.push(`Unknown column "${header}": use ${IMPORT_COLUMNS_HINT} or a custom attribute's name`);
      targets.push({ kind: "core", field: "userName" });
      continue;
    }
    const key = target.kind === "core" ? target.field : `custom:${target.attribute.name}`;
    if (seen.has(key)) problems.push(`Columns "${seen.get(key)}" and "${header}" both give ${target.kind === "core" ? target.field : target.attribute.name}`);
    seen.set(key, header);
    targets.push(target);
  }
  if (!seen.has("userName")) problems.push("The header row has no userName column");
  return { targets, problems };
}

export const userImportForm = userFormSchema.omit({ version: true });
export type ImportedUser = {
  form: z.output<typeof userImportForm>;
  department: string | null;
  custom: Record<string, CustomValue | CustomValue[]>;
};

/** One row checked as the admin API checks a user: the form's schema, then each custom attribute's definition. */
export function readRow(
  targets: readonly ColumnTarget[],
  cells: readonly string[],
  context: { defaultDomain: string; customAttributes: readonly CustomAttribute[] },
): { user: ImportedUser } | { errors: string[] } {
  const core: Partial<Record<CoreField, string>> = {};
  const custom: Record<string, CustomValue | CustomValue[]> = {};
  const errors: string[] = [];
  targets.forEach((target, i) => {
    const cell = (cells[i] ?? "").trim();
    if (target.kind === "core") {
      core[target.field] = cell;
      return;
    }
    if (!cell) return;
    try {
      custom[target.attribute.name] = customValueFromText(target.attribute, cell);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      errors.push(err.message);
    }
  });
  for (const attribute of context.customAttributes) if (attribute.required && custom[attribute.name] === undefined) errors.push(`Attribute "${attribute.name}" is required`);
  if (cells.length > targets.length && cells.slice(targets.length).some((c) => c.trim())) errors.push(`The row has ${cells.length} cells; the header has ${targets.length} columns`);
  const active = core.active ? booleanFromText(core.active) : true;
  if (active === undefined) errors.push(`active: expected true or false, not "${core.active}"`);
  const parsed = userImportForm.safeParse({
    domain: core.domain || context.defaultDomain,
    userName: core.userName ?? "",
    password: core.password ?? "",
    givenName: core.givenName ?? "",
    familyName: core.familyName ?? "",
    displayName: core.displayName ?? "",
    email: core.email ?? "",
    phone: core.phone ?? "",
    active: active ?? true,
  });
  if (!parsed.success) for (const issue of parsed.error.issues) errors.push(`${issue.path.join(".") || "row"}: ${issue.message}`);
  if (errors.length || !parsed.success) return { errors };
  return { user: { form: parsed.data, department: core.department || null, custom } };
}

/** Where a user name is repeated in the file: the row numbers (1-based) after the first of each name, with that first row. */
export function repeatedNames(names: readonly (string | undefined)[]): Map<number, number> {
  const first = new Map<string, number>();
  const repeats = new Map<number, number>();
  names.forEach((name, i) => {
    if (!name) return;
    const key = name.toLowerCase();
    const seenAt = first.get(key);
    if (seenAt === undefined) first.set(key, i + 1);
    else repeats.set(i + 1, seenAt);
  });
  return repeats;
}

/** The user name cell of a row, as typed: a row that fails its checks is still shown by its name. */
export function userNameCell(targets: readonly ColumnTarget[], cells: readonly string[]): string {
  const i = targets.findIndex((t) => t.kind === "core" && t.field === "userName");
  return (cells[i] ?? "").trim();
}
