/**
 * Where next-auth may send the browser after sign-in or sign-out: a URL of this site, or else the sign-in page.
 * Browsers read "\" as "/" and drop tabs, newlines and leading spaces (WHATWG URL), so "/\evil.com" is
 * "//evil.com" to them; such input is refused outright rather than interpreted. Parsing, never prefix checks,
 * decides the origin, and nothing here throws: a callback URL is user input.
 */
export function safeCallbackUrl(url: unknown, baseUrl: string): string {
  const base = new URL(baseUrl);
  const signIn = new URL("/signin", base).href;
  if (typeof url !== "string" || url === "" || /[\\\s\u0000-\u001f\u007f]/.test(url)) return signIn;
  // only a path, or an absolute URL of this very origin
  if (!url.startsWith("/") && !url.toLowerCase().startsWith(base.origin.toLowerCase() + "/") && url.toLowerCase() !== base.origin.toLowerCase()) return signIn;
  let target: URL;
  try {
    target = new URL(url, base);
  } catch {
    return signIn;
  }
  return target.origin === base.origin ? target.href : signIn;
}
