import type { Connection, OAuth2 } from "jsforce/lib/core.js";
import type { Transport } from "jsforce/lib/transport.js";
import type { HttpRequest, HttpRequestOptions, HttpResponse } from "jsforce/lib/types/common.js";
import type { Trace } from "./trace.ts";

export type { Connection };

interface Jsforce {
  Connection: typeof Connection;
  OAuth2: typeof OAuth2;
  TracingTransport: new (trace: Trace, timeoutMs: number) => Transport;
}

let loaded: Promise<Jsforce> | undefined;

/**
 * jsforce, loaded on the first Salesforce call: servers without a Salesforce connector, and the console's pages
 * that only list connector types, never load it.
 */
export function jsforce(): Promise<Jsforce> {
  loaded ??= (async () => {
    const [{ Connection, OAuth2 }, { Transport }] = await Promise.all([import("jsforce/lib/core.js"), import("jsforce/lib/transport.js")]);

    /**
     * jsforce's HTTP transport with the connector's timeout, without jsforce's own retries (the outbound engine
     * retries with backoff and pauses a target that is down; retrying inside a delivery would hold a worker lane
     * for up to 15 s) and without following redirects (a redirect of a POST would lose the body and could carry
     * the token elsewhere). It notes each request and answer in the call's trace.
     */
    class TracingTransport extends Transport {
      constructor(
        private readonly trace: Trace,
        private readonly timeoutMs: number,
      ) {
        super();
      }

      override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
        const exchange = this.trace.start(req.method, req.url, req.body);
        const answer = super.httpRequest(req, { ...options, timeout: this.timeoutMs, followRedirect: false, retry: { maxRetries: 0 } });
        // registered before jsforce awaits the answer, so the exchange is complete when jsforce reads it
        answer.then(
          (res: HttpResponse) => {
            exchange.status = res.statusCode;
            exchange.responseBody = res.body;
            if (res.headers?.location) exchange.location = res.headers.location;
          },
          () => undefined,
        );
        return answer;
      }
    }

    return { Connection, OAuth2, TracingTransport };
  })();
  return loaded;
}
