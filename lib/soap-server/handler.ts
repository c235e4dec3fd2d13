import type { Sql } from "../db/sql.ts";
import { config } from "../env.ts";
import { deliverBlocking } from "../provisioning/worker.ts";
import { authenticate } from "../scim-server/auth.ts";
import type { ApiReply, ApiRequest } from "../server/exchange.ts";
import { TEXT_PROBLEM_MESSAGE, textProblem } from "../server/text-checks.ts";
import { FAULT_TEXT } from "../wso2-user-admin/faults.ts";
import { isOperationName, NS, OPERATION_NAMES, SERVICE_PATH, type OperationName } from "../wso2-user-admin/wsdl.ts";
import { ARGUMENTS } from "./args.ts";
import { soapCall, type SoapCall } from "./call.ts";
import { serviceDescription, type ServiceDescription } from "./description.ts";
import { envelope, faultEnvelope, SOAP11_CONTENT_TYPE } from "./envelope.ts";
import { SoapFault, toSoapFault } from "./fault.ts";
import { IMPLEMENTATIONS } from "./operations.ts";

export { SERVICE_PATH as USER_ADMIN_SERVICE_PATH } from "../wso2-user-admin/wsdl.ts";

const xmlReply = (status: number, body: string, headers: Record<string, string> = {}): ApiReply => ({ status, headers: { "content-type": SOAP11_CONTENT_TYPE, ...headers }, body });
const textReply = (status: number, body: string, headers: Record<string, string> = {}): ApiReply => ({ status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body });

function faultReply(fault: SoapFault): ApiReply {
  return xmlReply(fault.httpStatus, faultEnvelope(fault), fault.httpStatus === 401 ? { "www-authenticate": 'Basic realm="Provisio"' } : {});
}

/**
 * WSO2's RemoteUserStoreManagerService on Provisio's store: `GET …?wsdl` describes it, `POST` calls an
 * operation in a SOAP 1.1 envelope with HTTP Basic credentials (the same check and permissions as SCIM and the
 * admin API). Every failure is a SOAP fault that says what was wrong; none leaves without one.
 */
export async function handleUserAdminService(request: ApiRequest, deps: { sql: Sql; baseUrl?: string }): Promise<ApiReply> {
  const baseUrl = deps.baseUrl ?? config().baseUrl;
  const url = new URL(request.url);
  if (url.pathname.replace(/\/+$/, "") !== SERVICE_PATH) return textReply(404, `${url.pathname} is not a service of this server; the user admin service is ${SERVICE_PATH}`);
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD") {
    if (![...url.searchParams.keys()].some((k) => k.toLowerCase() === "wsdl")) {
      return textReply(405, `Call the service with POST (SOAP 1.1); its description is at ${SERVICE_PATH}?wsdl`, { allow: "POST" });
    }
    const { text } = await serviceDescription(baseUrl);
    return xmlReply(200, method === "HEAD" ? "" : text);
  }
  if (method !== "POST") return textReply(405, `${method} is not supported: call the service with POST (SOAP 1.1)`, { allow: "GET, POST" });
  try {
    return await callOperation(request, deps.sql, await serviceDescription(baseUrl));
  } catch (err) {
    return faultReply(toSoapFault(err, "SOAP"));
  }
}

async function callOperation(request: ApiRequest, sql: Sql, description: ServiceDescription): Promise<ApiReply> {
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (contentType.includes("application/soap+xml")) throw new SoapFault("Client", "SOAP 1.2 is not supported: send a SOAP 1.1 envelope as text/xml", 415);
  if (!/^(text|application)\/xml\b/.test(contentType)) throw new SoapFault("Client", `Content-Type ${contentType || "(none)"} is not SOAP 1.1: send text/xml`, 415);

  // credentials are checked before the body is read, so nobody gets the XML parser to work for them unasked
  const scheme = (request.headers.get("authorization") ?? "").split(" ", 1)[0]!.toLowerCase();
  if (scheme !== "basic") throw new SoapFault("Client", FAULT_TEXT.authenticationFailed("send HTTP Basic credentials"), 401);
  const principal = await authenticate(sql, request);

  let text: string;
  try {
    text = await request.text();
  } catch {
    throw SoapFault.client("The request body is not valid UTF-8");
  }
  const problem = textProblem(text);
  if (problem) throw SoapFault.client(TEXT_PROBLEM_MESSAGE[problem]);
  const { operation, args } = readRequest(description, text, request.headers.get("soapaction"));

  const call = soapCall(sql, principal);
  let answer: Record<string, unknown>;
  try {
    // the operation's own argument schema parses its arguments (TypeScript cannot pair the two through the key)
    answer = await IMPLEMENTATIONS[operation](call, ARGUMENTS[operation].parse(args) as never);
  } catch (err) {
    throw toSoapFault(err, operation);
  }
  await settleBlocking(call, operation);
  const body = description.wsdl.objectToDocumentXML(`${operation}Response`, answer, "ns", NS.service);
  return xmlReply(200, envelope(body, description.wsdl.xmlnsInEnvelope));
}

/** What the XML parser said; the `soap` package throws its own fault object for text that is not XML. */
function parseFailure(err: unknown): string {
  const detail = (err as { Fault?: { faultstring?: unknown; detail?: unknown } })?.Fault;
  const message = detail ? `${String(detail.faultstring ?? "")}: ${String(detail.detail ?? "")}` : err instanceof Error ? err.message : String(err);
  return message.split("\n")[0]!.slice(0, 200);
}

/** The local name of the first element in the Body, read from the text: only to name what could not be parsed. */
function namedOperation(text: string): string | undefined {
  return /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(text)?.[1];
}

/**
 * The operation and its arguments from a SOAP 1.1 request. The operation is the element in the Body (WSO2's
 * document/literal style); a SOAPAction header, when sent, must name the same operation.
 */
function readRequest(description: ServiceDescription, text: string, soapActionHeader: string | null): { operation: OperationName; args: unknown } {
  const named = namedOperation(text);
  if (named !== undefined && !isOperationName(named)) throw SoapFault.client(`Unknown operation ${named}; this service offers ${OPERATION_NAMES.join(", ")}`);
  let parsed: { Body?: Record<string, unknown> } | undefined;
  try {
    parsed = description.wsdl.xmlToObject(text) as { Body?: Record<string, unknown> };
  } catch (err) {
    throw SoapFault.client(`The request is not a readable SOAP 1.1 envelope: ${parseFailure(err)}`);
  }
  const body = parsed?.Body;
  const operation = body ? Object.keys(body).find((k) => k !== "attributes") : undefined;
  if (!body || !operation) throw SoapFault.client("The request is not a SOAP 1.1 envelope with an operation in its Body");
  if (!isOperationName(operation)) throw SoapFault.client(`Unknown operation ${operation}; this service offers ${OPERATION_NAMES.join(", ")}`);
  const action = (soapActionHeader ?? "").trim().replace(/^"|"$/g, "");
  // "urn:addUser", "…/addUser" or "addUser": the last segment names the operation
  const actionName = action.split(/[:/]/).pop();
  if (action && actionName !== operation) throw SoapFault.client(`SOAPAction "${action}" does not match the operation in the Body (${operation})`);
  const args = body[operation];
  return { operation, args: args && typeof args === "object" ? args : {} };
}

/**
 * Blocking outbound provisioners finish before the answer, as for SCIM. A failure there is a fault that says
 * the change was saved here, so a client looks it up rather than sending it again.
 */
async function settleBlocking(call: SoapCall, operation: string): Promise<void> {
  if (!call.origin.blocking?.length) return;
  const failed = (await deliverBlocking(call.sql, call.origin.blocking)).filter((r) => !r.ok);
  if (!failed.length) return;
  const reasons = failed.map((f) => `${f.connectionName ? `${f.connectionName}: ` : ""}${f.error}`).join("; ");
  throw new SoapFault("Server", `${operation} was saved here, but outbound provisioning failed (${reasons}). The change stays queued and will be retried.`);
}
