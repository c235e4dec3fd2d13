import { randomBytes } from "node:crypto";
import { ConnectorError, type ConnectionTestResult } from "../types.ts";
import { eqFilter } from "./mapping.ts";
import { check, connectionProblem, transportProblem } from "./probe-steps.ts";
import { filterUrl, type ScimTransport } from "./transport.ts";

/**
 * A read-only check of endpoint and credentials: a search for a user name nobody has. For SCIM dialects where a
 * canary user would be too intrusive or the probe does not apply (SCIM 1.1). WSO2's SCIM 1.1 answers an empty
 * search with 404 and an error body, which still proves the endpoint and the credentials.
 */
export async function checkCredentials(transport: ScimTransport, userEndpoint: string, filterOperator = "eq", now: () => Date = () => new Date()): Promise<ConnectionTestResult> {
  const testedAt = now().toISOString();
  const host = new URL(userEndpoint).host;
  try {
    const url = filterUrl(userEndpoint, eqFilter("userName", `provisio-probe-${randomBytes(6).toString("hex")}`, filterOperator));
    const exchange = await transport.exchange("GET", url, "connection test: search users");
    const emptyAnswer = exchange.status === 404 && /"Errors"|"detail"/.test(exchange.text);
    const reply = { request: "GET /Users?filter=userName eq", status: emptyAnswer ? 200 : exchange.status };
    const problem = connectionProblem(reply, host, userEndpoint);
    const evidence = `GET /Users?filter=userName eq answered ${exchange.status}`;
    if (problem) return { ok: false, message: problem, testedAt, capabilities: [check("connection", "unsupported", evidence)] };
    return { ok: true, message: `Connected to ${host}: the endpoint answers and accepts the credentials.`, testedAt, capabilities: [check("connection", "supported", evidence)] };
  } catch (err) {
    if (!(err instanceof ConnectorError)) throw err;
    return { ok: false, message: transportProblem(err.message), testedAt, capabilities: [check("connection", "unsupported", err.message)] };
  }
}
