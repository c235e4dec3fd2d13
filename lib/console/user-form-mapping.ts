import type { MultiValue, UserInput } from "../identity/users/user-input.ts";
import type { UserView } from "../identity/users/user-view.ts";
import { qualifyName } from "../identity/qualified-name.ts";
import { userFormSchema } from "./user-form.ts";
import { customValueToText } from "./custom-values.ts";
import { z } from "zod";

type Form = z.output<typeof userFormSchema>;

/** The form shows one value of a multi-valued attribute: the primary one, else the first. */
function shownIndex(list: MultiValue[]): number {
  return Math.max(
    0,
    list.findIndex((v) => v.primary),
  );
}

function replaceShown(list: MultiValue[], value: string, defaultType: string): MultiValue[] {
  const shown = shownIndex(list);
  const rest = list.filter((_, i) => i !== shown).map((v) => ({ ...v, primary: false }));
  return value ? [{ ...list[shown], value, type: list[shown]?.type ?? defaultType, primary: true }, ...rest] : rest;
}

/**
 * Form -> store input. Attributes the form does not show are carried over from the current user, so saving
 * in the console never wipes what SCIM wrote.
 */
export function formToUserInput(form: Form, current?: UserView): UserInput {
  return {
    ...(current ?? {}),
    userName: qualifyName(form.domain, form.userName),
    password: form.password || undefined,
    active: form.active,
    name: { ...(current?.name ?? {}), givenName: form.givenName || null, familyName: form.familyName || null },
    displayName: form.displayName || null,
    emails: replaceShown(current?.emails ?? [], form.email, "work"),
    phoneNumbers: replaceShown(current?.phoneNumbers ?? [], form.phone, "mobile"),
    custom: form.custom === undefined ? (current?.custom ?? {}) : mergeCustom(current?.custom ?? {}, form.custom),
  };
}

/** The form's custom values over the current ones: a null removes one, a name the form leaves out keeps its value. */
function mergeCustom(current: Record<string, unknown>, changes: NonNullable<Form["custom"]>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
    if (value !== null) merged[name] = value;
  }
  return merged;
}

export function userToForm(user: UserView) {
  const primary = (list: MultiValue[]) => list[shownIndex(list)]?.value ?? "";
  const slash = user.userName.indexOf("/");
  return {
    domain: user.domain,
    userName: user.domain === "PRIMARY" || slash < 0 ? user.userName : user.userName.slice(slash + 1),
    givenName: user.name.givenName ?? "",
    familyName: user.name.familyName ?? "",
    displayName: user.displayName ?? "",
    email: primary(user.emails),
    phone: primary(user.phoneNumbers),
    active: user.active,
    password: "",
    version: user.version,
    custom: Object.fromEntries(Object.entries(user.custom).map(([name, value]) => [name, customValueToText(value)])),
  };
}
