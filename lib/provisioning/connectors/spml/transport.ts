import { ConnectorError } from "../types.ts";
import { basicCredentials } from "../scim2/auth.ts";
import { fetchExchange, httpError, type Exchange, type FetchLike } from "../scim2/http.ts";
import { requestSummary } from "../scim2/redact.ts";
import { buildRequest, type SpmlRequest } from "./messages.ts";
import { judgeReply } from "./outcome.ts";
import { MalformedReply, readReply, type SpmlReply } from "./responses.ts";

export interface SpmlTransportOptions {
  endpoint: string;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs: number;
  fetch?: FetchLike | undefined;
}

/** What the provisioning log keeps of one call. */
export interface CallRecord {
  httpStatus: number;
  request: string;
  response: string;
}

export interface SpmlAnswer {
  reply: SpmlReply;
  record: CallRecord;
}

export type SuccessfulAnswer = SpmlAnswer & { reply: Extract<SpmlReply, { kind: "response" }> };

// statuses that say the provider (or a proxy before it) cannot take work now, whatever the body says
const TRANSIENT = new Set([408, 425, 429, 502, 503, 504]);

const hostOf = (url: string) => new URL(url).host;

/** An HTTP-level refusal as httpError words it; a 404 or 409 there is about the endpoint, never the user. */
function endpointError(exchange: Exchange, what: string, secrets: readonly (string | undefined)[], request: string, hint = ""): ConnectorError {
  const err = httpError(exchange, what, secrets);
  const { notFound: _n, conflict: _c, ...options } = err.options;
  return new ConnectorError(`${err.message}${hint}`, { ...options, request });
}

/**
 * Posts SPML requests in SOAP 1.1 envelopes to one provider. HTTP statuses and unreadable answers are judged
 * here; what a readable SPML answer means is left to the caller (judgeReply, or its own reading).
 */
export class SpmlTransport {
  private readonly secrets: readonly (string | undefined)[];

  constructor(private readonly options: SpmlTransportOptions) {
    this.secrets = [options.password];
  }

  async exchange(req: SpmlRequest, what: string): Promise<SpmlAnswer> {
    const built = buildRequest(req);
    const request = requestSummary("POST", this.options.endpoint, `SOAPAction: "${built.soapAction}"\n${built.summary}`, this.secrets);
    const headers: Record<string, string> = {
      "content-type": "text/xml; charset=utf-8",
      accept: "text/xml",
      // SOAP 1.1 section 6.1.1 quotes the value
      soapaction: `"${built.soapAction}"`,
    };
    if (this.options.username !== undefined) headers.authorization = basicCredentials(this.options.username, this.options.password ?? "");
    let exchange: Exchange;
    try {
      exchange = await fetchExchange(
        { method: "POST", url: this.options.endpoint, headers, body: built.xml, timeoutMs: this.options.timeoutMs, secrets: this.secrets, fetch: this.options.fetch },
        what,
      );
    } catch (err) {
      // the log shows the readable summary rather than the start of the envelope
      if (err instanceof ConnectorError) throw new ConnectorError(err.message, { ...err.options, request });
      throw err;
    }
    const record: CallRecord = { httpStatus: exchange.status, request, response: exchange.response };
    const { status } = exchange;

    if (status === 401 || status === 403) throw endpointError(exchange, what, this.secrets, request, "; check the username and password of the SPML connector");
    if (TRANSIENT.has(status)) throw endpointError(exchange, what, this.secrets, request);

    let reply: SpmlReply | undefined;
    let malformed: string | undefined;
    try {
      reply = readReply(exchange.text, req.kind);
    } catch (err) {
      if (!(err instanceof MalformedReply)) throw err;
      malformed = err.message;
    }
    // SOAP 1.1 over HTTP sends faults with 500 (section 6.2), some providers with 400, and some their SPML
    // failures too: such an answer is the provider speaking about this request, judged by what it says. A 500
    // without one is an internal error, worth a retry.
    if (reply) return { reply, record };
    if (!exchange.ok) throw endpointError(exchange, what, this.secrets, request, status < 500 ? "; check the SPML endpoint URL" : "");
    // the request may have taken effect; sending it again blindly could repeat it, so this waits for a person
    throw new ConnectorError(`${what}: ${hostOf(this.options.endpoint)} answered HTTP ${status} with a reply that is not an SPML 2.0 response: ${malformed}`, { ...record, retryable: false });
  }

  /** Sends a request and requires success. */
  async call(req: SpmlRequest, what: string): Promise<SuccessfulAnswer> {
    return this.expectSuccess(await this.exchange(req, what), req, what);
  }

  /** A refused request becomes the ConnectorError the engine acts on (retry, re-create, link or stop). */
  expectSuccess(answer: SpmlAnswer, req: SpmlRequest, what: string): SuccessfulAnswer {
    const refusal = judgeReply(answer.reply, req.kind, req.requestId);
    if (refusal) {
      const { message, ...flags } = refusal;
      throw new ConnectorError(`${what}: ${hostOf(this.options.endpoint)} answered ${message}`, { ...answer.record, ...flags });
    }
    return answer as SuccessfulAnswer;
  }
}
