import { coerceCustomValue, type CustomAttribute, type CustomValue } from "../identity/custom-attribute-schema.ts";

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, yes: true, no: false, "1": true, "0": false };
const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** "true"/"yes"/"1" and their opposites, in any case; undefined for anything else. */
export const booleanFromText = (text: string): boolean | undefined => BOOLEAN_TEXT[text.trim().toLowerCase()];

/**
 * Text typed into a form or a CSV cell as the attribute's typed value, checked against its definition (the same
 * check as the store's); a multi-valued attribute takes values separated by ";". Throws IdentityError.
 */
export function customValueFromText(attribute: CustomAttribute, text: string): CustomValue | CustomValue[] {
  const typed = (part: string): CustomValue => {
    let value: unknown = part;
    if (attribute.type === "boolean") value = booleanFromText(part) ?? part;
    else if (attribute.type === "integer" || attribute.type === "decimal") value = NUMBER_TEXT.test(part) ? Number(part) : part;
    return coerceCustomValue(attribute, value);
  };
  if (!attribute.multiValued) return typed(text.trim());
  return text
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .map(typed);
}

/** A stored value as the form shows it. */
export function customValueToText(value: CustomValue | CustomValue[] | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.map(String).join("; ") : String(value);
}
