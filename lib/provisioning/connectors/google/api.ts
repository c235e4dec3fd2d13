import type { admin_directory_v1 } from "@googleapis/admin";
import { requestSummary, responseSummary } from "../scim2/redact.ts";
import { DIRECTORY_SCOPES, GOOGLE_ROOT_URL, GOOGLE_TOKEN_URL, type GoogleConfig, type ServiceAccountKey } from "./config.ts";
import { googleFailure, UnusableTokenAnswer } from "./errors.ts";

export type Directory = admin_directory_v1.Admin;

/** One answered call, with what the provisioning log shows of it. */
export interface DirectoryReply {
  status: number;
  data: unknown;
  request: string;
  response: string;
}

/** Where the token requests go, written as a URL object writes it, so it compares with a request's URL. */
const tokenUrlOf = (key: ServiceAccountKey) => new URL(key.token_uri ?? GOOGLE_TOKEN_URL).href;

/** The parts of a Gaxios request config (in a response or an error) that a log summary needs. */
interface SentConfig {
  url?: unknown;
  method?: unknown;
  data?: unknown;
}

function summaryOfRequest(config: SentConfig | undefined, fallback: string, secrets: readonly (string | undefined)[]): string {
  const url = config?.url instanceof URL ? config.url.href : typeof config?.url === "string" ? config.url : undefined;
  if (!url) return fallback;
  const body = config?.data === undefined || config.data === null ? undefined : typeof config.data === "string" ? config.data : JSON.stringify(config.data);
  return requestSummary(typeof config?.method === "string" ? config.method.toUpperCase() : "GET", url, body, secrets);
}

/**
 * Node's own fetch, not the node-fetch package Gaxios loads by default: when a timeout aborts a request,
 * node-fetch 3 destroys the request's body stream with an error nobody listens to, which now and then ends the
 * whole process (seen with Gaxios alone against a server that never answers).
 */
const nodeFetch = (input: unknown, init: unknown) => fetch(input as string | URL, init as RequestInit);

/**
 * Google's Directory API client (@googleapis/admin) signed in as the service account acting for the
 * administrator (domain-wide delegation: google-auth-library's JWT client). Loaded on first use, so a server
 * without a Google connector never loads the library.
 */
async function buildDirectory(config: GoogleConfig, key: ServiceAccountKey): Promise<Directory> {
  const [{ admin_directory_v1: directory }, { JWT }] = await Promise.all([import("@googleapis/admin"), import("google-auth-library")]);
  const auth = new JWT({
    email: key.client_email,
    key: key.private_key,
    ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
    scopes: [...DIRECTORY_SCOPES],
    subject: config.adminEmail,
    // the engine retries with backoff and logs each try; the library's own retries would hide them and hold a lane
    transporterOptions: { timeout: config.timeoutMs, retryConfig: { retry: 0, noResponseRetries: 0 }, fetchImplementation: nodeFetch },
  });
  // The library posts its assertion to Google's token URL whatever the key file says; a key whose token_uri
  // names another endpoint (a proxy, a test double) has its token requests sent there, with the assertion's
  // audience still Google's token URL as the key's owner expects.
  const tokenUrl = tokenUrlOf(key);
  if (tokenUrl !== GOOGLE_TOKEN_URL) {
    auth.transporter.interceptors.request.add({
      resolved: async (options) => {
        if (String(options.url) === GOOGLE_TOKEN_URL) options.url = new URL(tokenUrl);
        return options;
      },
    });
  }
  // A token answer without a token would otherwise go out as "Bearer undefined" and come back as the API's 401,
  // which blames the delegation; this names the token endpoint instead.
  auth.transporter.interceptors.response.add({
    resolved: async (res) => {
      const data: unknown = res.data;
      const token = data && typeof data === "object" ? (data as { access_token?: unknown }).access_token : undefined;
      if (String(res.config.url) === tokenUrl && (typeof token !== "string" || !token)) throw new UnusableTokenAnswer(res.status, data);
      return res;
    },
  });
  return new directory.Admin({ auth, rootUrl: config.rootUrl ?? GOOGLE_ROOT_URL, timeout: config.timeoutMs, retry: false, fetchImplementation: nodeFetch });
}

/** Calls of the Directory API with failures classified for the engine and summaries for the log. */
export class DirectoryApi {
  private directory?: Promise<Directory>;
  private readonly tokenUrl: string;

  constructor(
    private readonly config: GoogleConfig,
    private readonly key: ServiceAccountKey,
  ) {
    this.tokenUrl = tokenUrlOf(key);
  }

  /** A fresh client: its JWT client fetches a new token (the old one was refused, or never came). */
  private client(fresh = false): Promise<Directory> {
    if (fresh || !this.directory) {
      const built = buildDirectory(this.config, this.key);
      this.directory = built;
      built.catch(() => {
        if (this.directory === built) this.directory = undefined;
      });
    }
    return this.directory;
  }

  /**
   * Runs one call. `label` names it in the log when nothing was sent; `secrets` are values to mask besides the
   * configured ones (a user's password). A 401 from the API is tried once more with a new token, as a token
   * may be revoked before it expires.
   */
  async call(
    what: string,
    label: string,
    run: (directory: Directory) => Promise<{ status: number; data: unknown; config?: SentConfig }>,
    secrets: readonly (string | undefined)[] = [],
  ): Promise<DirectoryReply> {
    const masked = [this.config.defaultPassword, this.key.private_key, ...secrets];
    let fresh = false;
    for (;;) {
      try {
        const res = await run(await this.client(fresh));
        const text = res.data === undefined || res.data === null || res.data === "" ? "" : typeof res.data === "string" ? res.data : JSON.stringify(res.data);
        return { status: res.status, data: res.data, request: summaryOfRequest(res.config, label, masked), response: responseSummary(res.status, "", text, masked) };
      } catch (err) {
        const e = err as { response?: { status?: unknown }; config?: SentConfig };
        const atApi = e.config && String(e.config.url).split("?")[0] !== this.tokenUrl;
        if (!fresh && atApi && e.response?.status === 401) {
          fresh = true;
          continue;
        }
        throw googleFailure(err, {
          what,
          tokenUrl: this.tokenUrl,
          adminEmail: this.config.adminEmail,
          domain: this.config.domain,
          clientId: this.key.client_id,
          timeoutMs: this.config.timeoutMs,
          request: atApi ? summaryOfRequest(e.config, label, masked) : label,
          secrets: masked,
        });
      }
    }
  }
}
