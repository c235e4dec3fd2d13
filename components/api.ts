import type { AdminErrorBody } from "@/lib/admin-api/schemas/errors";

/** Where the console finds its API: the admin REST API, with the session cookie. */
export const ADMIN_API = "/api/server/v1";

/** An error from the admin API with its field errors, for forms to show next to their fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(path, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...rest.headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 401) {
    // the session ended (expired, signed out in another tab, revoked): back here after signing in again
    window.location.href = `/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}&reason=expired`;
    throw new ApiError(401, "Signed out");
  }
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = body as AdminErrorBody | null;
    throw new ApiError(res.status, err?.message ?? `Request failed (${res.status})`, err?.fieldErrors);
  }
  return body as T;
}
