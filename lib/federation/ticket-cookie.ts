import { createHash } from "node:crypto";

/**
 * The browser that started a federated sign-in holds its ticket in a cookie, and each step (the identity
 * provider's callback, the prompts, the hand-over to the application or the console) must come with it: a
 * callback URL or ticket sent to someone else's browser signs nobody in there (login CSRF).
 */
export function ticketCookieName(baseUrl: string): string {
  return `provisio-${createHash("sha256").update(baseUrl).digest("hex").slice(0, 8)}.federation`;
}

export function ticketCookie(baseUrl: string, ticket: string, maxAgeSeconds: number): string {
  const secure = baseUrl.startsWith("https://") ? "; Secure" : "";
  return `${ticketCookieName(baseUrl)}=${ticket}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The ticket the browser holds, from a Cookie header. */
export function ticketFromCookies(baseUrl: string, header: string | undefined): string | undefined {
  const name = ticketCookieName(baseUrl);
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
