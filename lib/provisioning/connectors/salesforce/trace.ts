import { requestSummary, responseSummary } from "../scim2/redact.ts";

/** One HTTP request of a connector call as it went over the wire; the response fields stay empty when none came. */
export interface Exchange {
  method: string;
  url: string;
  body?: string;
  status?: number;
  location?: string;
  responseBody?: string;
}

/**
 * The requests of one connector call (a sign-in, then the API requests), for the provisioning log and to read
 * the status of a refusal, which jsforce's errors do not carry.
 */
export class Trace {
  readonly exchanges: Exchange[] = [];

  constructor(private readonly secrets: readonly (string | undefined)[]) {}

  start(method: string, url: string, body: unknown): Exchange {
    const exchange: Exchange = { method, url, ...(typeof body === "string" ? { body } : {}) };
    this.exchanges.push(exchange);
    return exchange;
  }

  last(): Exchange | undefined {
    return this.exchanges.at(-1);
  }

  /** Every request and every answer, in order, secrets masked and bodies cut to the log's size. */
  summary(): { request: string; response: string } {
    return {
      request: this.exchanges.map((e) => requestSummary(e.method, e.url, e.body, this.secrets)).join("\n\n"),
      response: this.exchanges.map((e) => (e.status === undefined ? "no answer" : responseSummary(e.status, "", e.responseBody ?? "", this.secrets))).join("\n\n"),
    };
  }
}
