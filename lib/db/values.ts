/** Row values come back as 0/1 and ISO text from SQLite, as booleans and Dates from PostgreSQL. */
export const asBool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === "true";

export const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

export const asDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v));

/** `?, ?, ?` for n parameters */
export const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(", ");
