// Signs in through next-auth's credentials endpoint, as the sign-in page does, and calls the admin API
// with the session cookie. Like a browser, it sends its Origin with requests that change state.
import { fetchAdminApi, isAdminApiPath } from "./admin-api-contract";

export class ConsoleClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  /** the Cookie header this client sends: to replay the session from elsewhere */
  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const { json, ...rest } = init;
    const changesState = !["GET", "HEAD"].includes((rest.method ?? "GET").toUpperCase());
    // an admin API call made through this client is checked against the API's document like any other
    const res = await (isAdminApiPath(path) ? fetchAdminApi : fetch)(this.baseUrl + path, {
      ...rest,
      redirect: "manual",
      headers: {
        cookie: this.cookieHeader(),
        ...(changesState ? { origin: new URL(this.baseUrl).origin } : {}),
        ...(json !== undefined ? { "content-type": "application/json" } : {}),
        ...rest.headers,
      },
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
    this.keep(res);
    return res;
  }

  /** Returns next-auth's error code, or undefined when signed in. */
  async signIn(username: string, password: string): Promise<string | undefined> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await this.fetch("/api/auth/callback/local", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, username, password, json: "true" }).toString(),
    });
    // with json=true next-auth answers {url}; the outcome is the url's error parameter, as the sign-in page reads it
    const location = res.headers.get("location") ?? ((await res.json().catch(() => ({}))) as { url?: string }).url ?? "";
    const error = new URL(location, this.baseUrl).searchParams.get("error");
    if (error) return error;
    const session = (await (await this.fetch("/api/auth/session")).json()) as { user?: { id: string } };
    return session.user?.id ? undefined : "no-session";
  }

  /** Signs out through next-auth's endpoint, as the console's button does; returns the response. */
  async signOut(callbackUrl = "/signin"): Promise<Response> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    return this.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl }).toString(),
    });
  }
}
