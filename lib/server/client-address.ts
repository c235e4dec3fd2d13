import type { IncomingMessage } from "node:http";

/**
 * The address a request came from, as the server saw it, for rules that apply per client (sign-in throttling).
 * The server entry stamps it on every request, overwriting whatever a client sent under that name, so handlers
 * behind Next's pipeline (next-auth, the admin API) read the same value as the fast path.
 */
export const CLIENT_ADDRESS_HEADER = "x-provisio-client-address";

/**
 * The socket's remote address; behind a reverse proxy that PROVISIO_TRUST_PROXY declares trusted, the address
 * that proxy appended last to X-Forwarded-For (entries before it are whatever the client claimed).
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers["x-forwarded-for"];
    const forwarded = (Array.isArray(header) ? header.join(",") : (header ?? ""))
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (forwarded.length) return forwarded[forwarded.length - 1];
  }
  return req.socket.remoteAddress ?? "unknown";
}

export function stampClientAddress(req: IncomingMessage, trustProxy: boolean): void {
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, trustProxy);
}

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined;

/** Reads the stamped address from fetch-style or plain headers; "unknown" when the server entry did not run. */
export function clientAddressFrom(headers: HeaderSource): string {
  if (!headers) return "unknown";
  const value =
    typeof headers.get === "function"
      ? (headers as { get(name: string): string | null }).get(CLIENT_ADDRESS_HEADER)
      : (headers as Record<string, string | string[] | undefined>)[CLIENT_ADDRESS_HEADER];
  const address = Array.isArray(value) ? value[0] : value;
  return address ? address.slice(0, 64) : "unknown";
}
