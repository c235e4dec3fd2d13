// A user agent for the authorization code flow over plain HTTP: it keeps cookies the way a browser does
// (per host, honouring Path, Max-Age and Expires), follows redirects one hop at a time, and stops at the
// client's redirect_uri instead of loading it. Cookie paths matter: a cookie scoped to one page must not reach
// an endpoint a form on that page posts to, or the flow would pass here and fail in a real browser.

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expires?: number;
}

export type Landing =
  /** the sign-in page of an interaction; `error` as the page receives it after a failed attempt */
  | { kind: "signin"; url: URL; interaction: string; error?: string }
  /** the consent page, with what the page itself loads from the interaction endpoint */
  | { kind: "consent"; url: URL; interaction: string; details: ConsentDetails }
  /** the redirect to the client: code and state, or error */
  | { kind: "callback"; url: URL }
  /** anything else, such as the provider's error page */
  | { kind: "page"; url: URL; status: number; body: string };

export interface ConsentDetails {
  uid: string;
  prompt: string;
  client: { id: string; name: string };
  scopes: string[];
}

const MAX_HOPS = 20;

function defaultPath(url: URL): string {
  const p = url.pathname;
  if (!p.startsWith("/") || p.lastIndexOf("/") === 0) return "/";
  return p.slice(0, p.lastIndexOf("/"));
}

/** RFC 6265 section 5.1.4 */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

export class OAuthBrowser {
  private readonly jar = new Map<string, StoredCookie[]>();
  private redirectUri?: string;

  /** Cookies this browser would send to `url`, for assertions. */
  cookiesFor(url: string | URL): Record<string, string> {
    const u = new URL(url);
    return Object.fromEntries(this.matching(u).map((c) => [c.name, c.value]));
  }

  /** Forgets every cookie, as a fresh profile. */
  clear() {
    this.jar.clear();
  }

  private matching(url: URL): StoredCookie[] {
    const now = Date.now();
    const list = (this.jar.get(url.host) ?? []).filter((c) => c.expires === undefined || c.expires > now);
    this.jar.set(url.host, list);
    // longer paths first, as browsers order them
    return list.filter((c) => pathMatches(url.pathname, c.path)).sort((a, b) => b.path.length - a.path.length);
  }

  private store(url: URL, headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const cookie: StoredCookie = { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), path: defaultPath(url) };
      for (const attribute of attributes) {
        const [rawKey, ...rest] = attribute.split("=");
        const key = rawKey.trim().toLowerCase();
        const value = rest.join("=").trim();
        if (key === "path" && value.startsWith("/")) cookie.path = value;
        else if (key === "max-age" && /^-?\d+$/.test(value)) cookie.expires = Date.now() + Number(value) * 1000;
        else if (key === "expires" && cookie.expires === undefined) {
          const at = Date.parse(value);
          if (!Number.isNaN(at)) cookie.expires = at;
        }
      }
      const others = (this.jar.get(url.host) ?? []).filter((c) => !(c.name === cookie.name && c.path === cookie.path));
      if (cookie.expires === undefined || cookie.expires > Date.now()) others.push(cookie);
      this.jar.set(url.host, others);
    }
  }

  /** One request with this browser's cookies, no redirect following. */
  async request(url: string | URL, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: "text/html,application/json;q=0.9,*/*;q=0.8", ...init.headers };
    const cookies = this.matching(target);
    if (cookies.length) headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
    this.store(target, res.headers);
    return res;
  }

  /**
   * Loads `url` (or submits a form to it) and follows redirects until a page is shown or the provider sends the
   * user back to the client.
   */
  async navigate(url: string | URL, form?: Record<string, string>): Promise<Landing> {
    let current = new URL(url);
    let res = await this.request(current, form ? { method: "POST", form } : {});
    for (let hop = 0; res.status >= 300 && res.status < 400; hop++) {
      if (hop >= MAX_HOPS) throw new Error(`too many redirects, last at ${current}`);
      const location = res.headers.get("location");
      if (!location) break;
      await res.arrayBuffer();
      current = new URL(location, current);
      if (this.isCallback(current)) return { kind: "callback", url: current };
      res = await this.request(current);
    }
    const body = await res.text();
    const interaction = current.searchParams.get("interaction");
    if (res.status === 200 && interaction && current.pathname === "/signin") {
      return { kind: "signin", url: current, interaction, error: current.searchParams.get("error") ?? undefined };
    }
    if (res.status === 200 && interaction && current.pathname === "/consent") {
      // what the consent page's script fetches to show the request
      const detailsRes = await this.request(new URL(`/oauth2/interaction/${encodeURIComponent(interaction)}`, current), { headers: { accept: "application/json" } });
      const details = (await detailsRes.json()) as ConsentDetails & { error?: string };
      if (!detailsRes.ok) throw new Error(`consent page could not load the interaction: ${detailsRes.status} ${JSON.stringify(details)}`);
      return { kind: "consent", url: current, interaction, details };
    }
    return { kind: "page", url: current, status: res.status, body };
  }

  private isCallback(url: URL): boolean {
    if (!this.redirectUri) return false;
    const target = new URL(this.redirectUri);
    return url.origin === target.origin && url.pathname === target.pathname;
  }

  /** Opens an authorization request; the redirect_uri it names is where this browser stops. */
  open(authorizationUrl: string | URL): Promise<Landing> {
    const url = new URL(authorizationUrl);
    this.redirectUri = url.searchParams.get("redirect_uri") ?? undefined;
    return this.navigate(url);
  }

  /** Submits the sign-in form of the interaction the browser is on. */
  signIn(landing: Landing, username: string, password: string): Promise<Landing> {
    if (landing.kind !== "signin") throw new Error(`expected the sign-in page, got ${describeLanding(landing)}`);
    return this.navigate(new URL(`/oauth2/interaction/${encodeURIComponent(landing.interaction)}/login`, landing.url), { username, password });
  }

  /** Allows (or declines) what the consent page asks. */
  decide(landing: Landing, allow: boolean): Promise<Landing> {
    if (landing.kind !== "consent") throw new Error(`expected the consent page, got ${describeLanding(landing)}`);
    return this.navigate(new URL(`/oauth2/interaction/${encodeURIComponent(landing.interaction)}/${allow ? "confirm" : "abort"}`, landing.url), {});
  }

  /**
   * The whole flow as a user clicks through it: sign in, answer consent if asked, and return the URL the
   * provider redirected to (with code and state, or error).
   */
  async authorize(authorizationUrl: string | URL, user: { username: string; password: string }, consent: "allow" | "deny" = "allow"): Promise<URL> {
    let landing = await this.open(authorizationUrl);
    if (landing.kind === "signin") landing = await this.signIn(landing, user.username, user.password);
    if (landing.kind === "consent") landing = await this.decide(landing, consent === "allow");
    if (landing.kind !== "callback") throw new Error(`the flow did not return to the client: ${describeLanding(landing)}`);
    return landing.url;
  }
}

export function describeLanding(landing: Landing): string {
  switch (landing.kind) {
    case "page":
      return `${landing.status} at ${landing.url}: ${landing.body
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim()
        .slice(0, 300)}`;
    case "signin":
      return `sign-in page ${landing.url}`;
    default:
      return `${landing.kind} at ${landing.url}`;
  }
}
