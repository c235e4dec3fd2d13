/** The PRIMARY user store's domain: its names are shown without a prefix, as in WSO2 IS. */
export const PRIMARY_DOMAIN = "PRIMARY";

/**
 * Splits "MYSQL/kim" into domain MYSQL and name kim. A name without a separator has no domain
 * (the initiating service provider's inbound user store applies). Domains are case-insensitive.
 */
export function splitQualifiedName(qualified: string): { domain?: string; name: string } {
  const slash = qualified.indexOf("/");
  if (slash <= 0) return { name: qualified };
  return { domain: qualified.slice(0, slash).toUpperCase(), name: qualified.slice(slash + 1) };
}

export function qualifyName(domain: string, name: string): string {
  return domain === PRIMARY_DOMAIN ? name : `${domain}/${name}`;
}

export function normaliseKey(value: string): string {
  return value.normalize("NFC").toLowerCase();
}
