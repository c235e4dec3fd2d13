// HTTP requests sent from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): the server listening on
// 127.0.0.1 sees them as coming from another client, which is what per-address rules need in a test.
import http from "node:http";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export const basicAuth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** A console sign-in through next-auth's credentials endpoint from that address; next-auth's error code, or undefined. */
export async function consoleSignInFrom(localAddress: string, baseUrl: string, username: string, password: string): Promise<string | undefined> {
  const csrf = await requestFrom(localAddress, `${baseUrl}/api/auth/csrf`);
  const cookie = (csrf.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const res = await requestFrom(localAddress, `${baseUrl}/api/auth/callback/local`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, username, password, json: "true" }).toString(),
  });
  const location = res.headers.location ?? (JSON.parse(res.text || "{}") as { url?: string }).url ?? "";
  return new URL(location, baseUrl).searchParams.get("error") ?? undefined;
}
