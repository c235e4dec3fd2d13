import { Client, WSDL, type IHttpClient } from "soap";
import { z } from "zod";
import { faultKind } from "../../../wso2-user-admin/faults.ts";
import { soapAction, userAdminWsdl, type OperationName } from "../../../wso2-user-admin/wsdl.ts";
import { basicCredentials } from "../scim2/auth.ts";
import { fetchExchange, type Exchange, type FetchLike } from "../scim2/http.ts";
import { responseSummary } from "../scim2/redact.ts";
import { ConnectorError, type RemoteResult } from "../types.ts";
import { answerSummary, callSummary } from "./summary.ts";

export interface SoapTransportOptions {
  serviceUrl: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** configured secret values, masked in every summary */
  secrets: readonly (string | undefined)[];
  fetch?: FetchLike | undefined;
}

/** What one call asks of the transport besides its arguments. */
export interface CallOptions {
  /** for messages: "create user kim" */
  what: string;
  /** secrets of this call (a password) to mask besides the configured ones */
  secrets?: readonly (string | undefined)[];
  /** names the call carries; left out when a fault's words are read, so a user called "x does not exist" reads right */
  names?: readonly string[];
}

export interface CallOutcome<T> {
  answer: T;
  result: RemoteResult;
}

// the contract's model, built once per process: every connector's client shares it
let model: Promise<WSDL> | undefined;
function contract(): Promise<WSDL> {
  model ??= new Promise<WSDL>((resolve, reject) => {
    const wsdl = new WSDL(userAdminWsdl("http://localhost/services/RemoteUserStoreManagerService"), "http://localhost/", {});
    wsdl.onReady((err) => (err ? reject(err) : resolve(wsdl)));
  });
  return model;
}

/** Where the HTTP exchange of one call is kept for the caller, whatever the `soap` package makes of it. */
interface Recorder {
  exchange?: Exchange;
  what: string;
}

const fault = z.looseObject({ faultcode: z.unknown().optional(), faultstring: z.unknown().optional(), Reason: z.unknown().optional() });

/** The fault in an answer the `soap` package refused, if it was one: SOAP 1.1's faultcode and faultstring. */
function faultOf(err: unknown): { code: string; text: string } | undefined {
  const parsed = fault.safeParse((err as { root?: { Envelope?: { Body?: { Fault?: unknown } } } })?.root?.Envelope?.Body?.Fault);
  if (!parsed.success) return undefined;
  const text = typeof parsed.data.faultstring === "string" ? parsed.data.faultstring : JSON.stringify(parsed.data.faultstring ?? parsed.data.Reason ?? "");
  return { code: typeof parsed.data.faultcode === "string" ? parsed.data.faultcode : "", text };
}

const hostOf = (url: string) => new URL(url).host;

/**
 * The SOAP conversation with one remote service: envelopes are written and read by the `soap` package from the
 * bundled WSDL (WSO2 IS hides its admin services' WSDL by default, so it is never fetched), sent through the
 * same HTTP layer as the SCIM connectors (timeout, no redirects, network failures named), and every outcome is
 * judged here: faults by what they say, other answers by their HTTP status.
 */
export class SoapTransport {
  private readonly client: Promise<Client>;

  constructor(private readonly options: SoapTransportOptions) {
    const authorization = basicCredentials(options.username, options.password);
    const httpClient: IHttpClient = {
      request: (url, data, callback, headers, exoptions) => {
        const recorder = (exoptions as { recorder?: Recorder } | undefined)?.recorder;
        fetchExchange(
          {
            method: "POST",
            url,
            headers: { ...(headers as Record<string, string>), authorization },
            body: String(data),
            timeoutMs: options.timeoutMs,
            secrets: options.secrets,
            fetch: options.fetch,
          },
          recorder?.what ?? "SOAP call",
        ).then(
          (exchange) => {
            if (recorder) recorder.exchange = exchange;
            callback(null, { status: exchange.status, headers: Object.fromEntries(exchange.headers) }, exchange.text);
          },
          (err: unknown) => callback(err),
        );
        // the `soap` package only passes this on to its caller, which here is nobody
        return undefined as never;
      },
    };
    this.client = contract().then((wsdl) => new Client(wsdl, options.serviceUrl, { httpClient }));
  }

  async call<T>(operation: OperationName, args: Record<string, unknown>, answer: z.ZodType<T>, call: CallOptions): Promise<CallOutcome<T>> {
    const secrets = [...this.options.secrets, ...(call.secrets ?? [])];
    const request = callSummary(this.options.serviceUrl, soapAction(operation), args, secrets);
    const recorder: Recorder = { what: call.what };
    const client = await this.client;
    const method = (client as unknown as Record<string, (args: unknown, options: unknown) => Promise<[unknown]>>)[`${operation}Async`]!;
    let parsed: unknown;
    let refusal: unknown;
    try {
      [parsed] = await method.call(client, args, { recorder });
    } catch (err) {
      if (err instanceof ConnectorError) throw new ConnectorError(err.message, { ...err.options, request, response: "" });
      refusal = err;
    }
    const exchange = recorder.exchange;
    // nothing went out: the request could not be written, which sending it again would not change
    if (!exchange) throw new ConnectorError(`${call.what} could not be sent: ${(refusal as Error)?.message ?? String(refusal)}`, { retryable: false, request, response: "" });
    if (refusal !== undefined || !exchange.ok) throw this.failure(exchange, refusal, request, secrets, call);
    const checked = answer.safeParse(parsed ?? {});
    const response = answerSummary(exchange.status, JSON.stringify(parsed ?? {}), secrets);
    if (!checked.success) {
      throw new ConnectorError(`${call.what}: ${hostOf(exchange.url)} answered HTTP ${exchange.status} with an unexpected ${operation} response: ${checked.error.issues[0]?.message ?? "invalid"}`, {
        httpStatus: exchange.status,
        retryable: false,
        request,
        response: responseSummary(exchange.status, exchange.statusText, exchange.text, secrets),
      });
    }
    return { answer: checked.data, result: { httpStatus: exchange.status, request, response } };
  }

  /** Why a call failed, and whether trying again can help. */
  private failure(exchange: Exchange, refusal: unknown, request: string, secrets: readonly (string | undefined)[], call: CallOptions): ConnectorError {
    const { status } = exchange;
    const host = hostOf(exchange.url);
    const found = faultOf(refusal);
    const raw = responseSummary(status, exchange.statusText, exchange.text, secrets);
    const base = { httpStatus: status, request };
    if (status === 401 || status === 403) {
      const said = found ? `: ${found.text}` : "";
      return new ConnectorError(`${call.what}: ${host} refused the credentials (HTTP ${status})${said}; check the username and password and the account's permissions at the remote`, {
        ...base,
        retryable: false,
        response: found ? answerSummary(status, `${found.code}: ${found.text}`, secrets) : raw,
      });
    }
    if (found) {
      const response = answerSummary(status, `${found.code}: ${found.text}`, secrets);
      // the names the call carried are left out of the words read, so a name cannot pass for a reason
      const words = (call.names ?? []).reduce((text, name) => (name ? text.split(name).join("…") : text), found.text);
      const kind = faultKind(words);
      const message = `${call.what}: ${host} answered with a fault: ${found.text}`;
      switch (kind) {
        case "authentication":
          return new ConnectorError(`${message}; check the username and password and the account's permissions at the remote`, { ...base, retryable: false, response });
        case "exists":
          return new ConnectorError(message, { ...base, retryable: false, conflict: true, response });
        case "notFound":
          return new ConnectorError(message, { ...base, retryable: false, notFound: true, response });
        case "invalid":
          return new ConnectorError(message, { ...base, retryable: false, response });
        default:
          // a Server fault without a known reason may pass (a store outage at the remote); a Client fault will not
          return new ConnectorError(message, { ...base, retryable: !/client$/i.test(found.code), response });
      }
    }
    if (status >= 500 || status === 408 || status === 425 || status === 429) {
      return new ConnectorError(`${call.what}: ${host} answered HTTP ${status} without a SOAP fault`, { ...base, retryable: true, response: raw });
    }
    if (status >= 300 && status < 400) {
      return new ConnectorError(`${call.what}: ${host} redirected to ${exchange.headers.get("location") ?? "?"} (HTTP ${status}); check the service URL`, { ...base, retryable: false, response: raw });
    }
    if (status >= 400) {
      return new ConnectorError(`${call.what}: ${host} answered HTTP ${status}${status === 404 ? "; no service at this URL, check the service URL" : ""}`, {
        ...base,
        retryable: false,
        response: raw,
      });
    }
    // a 2xx the `soap` package could not read as the operation's answer: the call may have taken effect
    return new ConnectorError(`${call.what}: ${host} answered HTTP ${status} with something that is not a SOAP response of this service`, { ...base, retryable: false, response: raw });
  }
}
