import { describe, expect, it } from "vitest";
import { judgeReply } from "./outcome.ts";
import { MalformedReply, readReply, type SpmlReply } from "./responses.ts";

const SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
const SPML = "urn:oasis:names:tc:SPML:2:0";
const SEARCH = "urn:oasis:names:tc:SPML:2:0:search";
const DSML = "urn:oasis:names:tc:DSML:2:0:core";

const env = (body: string, prefix = "soap") => `<?xml version="1.0"?><${prefix}:Envelope xmlns:${prefix}="${SOAP}"><${prefix}:Body>${body}</${prefix}:Body></${prefix}:Envelope>`;

describe("reading SPML replies", () => {
  it.each<{ name: string; xml: string; op: "add" | "modify" | "delete" | "search"; reply: SpmlReply }>([
    {
      name: "addResponse in the default namespace",
      xml: env(`<addResponse xmlns="${SPML}" status="success" requestID="r1"><pso><psoID ID="uid=kim,ou=people" targetID="hr"/></pso></addResponse>`),
      op: "add",
      reply: { kind: "response", status: "success", requestId: "r1", errorMessages: [], psos: [{ id: "uid=kim,ou=people", targetId: "hr", attributes: new Map() }] },
    },
    {
      name: "addResponse with prefixes of the provider's choosing and a SOAP header",
      xml: `<S:Envelope xmlns:S="${SOAP}"><S:Header/><S:Body><x:addResponse xmlns:x="${SPML}" status="success"><x:pso><x:psoID ID="42"/></x:pso></x:addResponse></S:Body></S:Envelope>`,
      op: "add",
      reply: { kind: "response", status: "success", errorMessages: [], psos: [{ id: "42", attributes: new Map() }] },
    },
    {
      name: "a failure with its error code and messages",
      xml: env(
        `<spml:addResponse xmlns:spml="${SPML}" status="failure" error="alreadyExists" requestID="r1"><spml:errorMessage> uid kim exists </spml:errorMessage><spml:errorMessage>second</spml:errorMessage></spml:addResponse>`,
      ),
      op: "add",
      reply: { kind: "response", status: "failure", error: "alreadyExists", requestId: "r1", errorMessages: ["uid kim exists", "second"], psos: [] },
    },
    {
      name: "a deleteResponse",
      xml: env(`<deleteResponse xmlns="${SPML}" status="success"/>`),
      op: "delete",
      reply: { kind: "response", status: "success", errorMessages: [], psos: [] },
    },
    {
      name: "a searchResponse with PSOs (in the search namespace) and their DSML data, values decoded",
      xml: env(
        `<searchResponse xmlns="${SEARCH}" xmlns:spml="${SPML}" xmlns:dsml="${DSML}" status="success"><pso><spml:psoID ID="uid=a&amp;b"/><spml:data><dsml:attr name="UID"><dsml:value>a&amp;b</dsml:value></dsml:attr><dsml:attr name="mail"><dsml:value>x@y</dsml:value><dsml:value>z@y</dsml:value></dsml:attr></spml:data></pso><spml:pso><spml:psoID ID="2"/></spml:pso></searchResponse>`,
      ),
      op: "search",
      reply: {
        kind: "response",
        status: "success",
        errorMessages: [],
        psos: [
          {
            id: "uid=a&b",
            attributes: new Map([
              ["uid", ["a&b"]],
              ["mail", ["x@y", "z@y"]],
            ]),
          },
          { id: "2", attributes: new Map() },
        ],
      },
    },
    {
      name: "a SOAP fault",
      xml: env(`<soap:Fault><faultcode>soap:Client</faultcode><faultstring>unknown element addRequest</faultstring></soap:Fault>`),
      op: "add",
      reply: { kind: "fault", faultCode: "soap:Client", faultString: "unknown element addRequest" },
    },
  ])("$name", ({ xml, op, reply }) => {
    expect(readReply(xml, op)).toStrictEqual(reply);
  });

  it.each([
    ["an empty body", "", "the body is empty"],
    ["HTML", "<html><body>Bad gateway</body>", "not well-formed XML"],
    ["text", "Service Unavailable", "not well-formed XML"],
    ["truncated XML", env(`<addResponse xmlns="${SPML}" status="success">`).slice(0, 120), "not well-formed XML"],
    ["an undeclared prefix", env(`<spml:addResponse status="success"/>`), "not well-formed XML"],
    [
      "a document type declaration",
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${env(`<addResponse xmlns="${SPML}" status="success"/>`).slice(21)}`,
      "document type declaration, which SOAP forbids",
    ],
    ["an XML declaration after content", ` x${env(`<addResponse xmlns="${SPML}" status="success"/>`)}`, "not well-formed XML"],
    ["JSON", `{"status":"success"}`, "not well-formed XML"],
    ["a bare SPML response", `<addResponse xmlns="${SPML}" status="success"/>`, "not a SOAP 1.1 Envelope"],
    ["a SOAP 1.2 envelope", `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>`, "SOAP 1.2 envelope"],
    ["no Body", `<s:Envelope xmlns:s="${SOAP}"><s:Header/></s:Envelope>`, "has no Body"],
    ["an empty Body", env(""), "Body is empty"],
    ["the wrong response", env(`<modifyResponse xmlns="${SPML}" status="success"/>`), `where {${SPML}}addResponse was expected`],
    ["the right name in another namespace", env(`<addResponse xmlns="urn:oasis:names:tc:SPML:1:0" status="success"/>`), "where {urn:oasis:names:tc:SPML:2:0}addResponse"],
    ["no status", env(`<addResponse xmlns="${SPML}"/>`), "addResponse has status missing"],
    ["an unknown status", env(`<addResponse xmlns="${SPML}" status="ok"/>`), 'addResponse has status "ok"'],
    ["a pso without psoID", env(`<addResponse xmlns="${SPML}" status="success"><pso/></addResponse>`), "a pso has no psoID with an ID"],
  ])("refuses %s, saying what is wrong", (_name, xml, reason) => {
    expect(() => readReply(xml, "add")).toThrow(MalformedReply);
    expect(() => readReply(xml, "add")).toThrow(reason);
  });
});

describe("judging SPML replies", () => {
  const response = (status: string, error?: string, errorMessages: string[] = [], requestId?: string): SpmlReply => ({
    kind: "response",
    status,
    ...(error ? { error } : {}),
    errorMessages,
    ...(requestId ? { requestId } : {}),
    psos: [],
  });

  it.each<{ name: string; reply: SpmlReply; refusal: ReturnType<typeof judgeReply> }>([
    { name: "success", reply: response("success", undefined, [], "r1"), refusal: undefined },
    { name: "success without requestID", reply: response("success"), refusal: undefined },
    {
      name: "alreadyExists: a conflict the engine links",
      reply: response("failure", "alreadyExists", ["uid kim exists"]),
      refusal: { message: 'addResponse status "failure" error "alreadyExists": uid kim exists', retryable: false, conflict: true },
    },
    {
      name: "noSuchIdentifier: gone, so the engine re-creates or calls a delete done",
      reply: response("failure", "noSuchIdentifier", ["no such entry"]),
      refusal: { message: 'addResponse status "failure" error "noSuchIdentifier": no such entry', retryable: false, notFound: true },
    },
    ...["unsupportedOperation", "malformedRequest", "invalidIdentifier", "unsupportedIdentifierType", "unsupportedExecutionMode", "invalidContainment", "containerNotEmpty", "unsupportedProfile"].map(
      (code) => ({
        name: `${code}: not retried`,
        reply: response("failure", code, ["why"]),
        refusal: { message: `addResponse status "failure" error "${code}": why`, retryable: false },
      }),
    ),
    {
      name: "customError: the provider did not blame the request, so it is retried",
      reply: response("failure", "customError", ["directory busy"]),
      refusal: { message: 'addResponse status "failure" error "customError": directory busy', retryable: true },
    },
    { name: "failure without a code: retried", reply: response("failure"), refusal: { message: 'addResponse status "failure"', retryable: true } },
    {
      name: "pending to a synchronous request",
      reply: response("pending"),
      refusal: { message: 'addResponse status "pending" to a synchronous request: the outcome is unknown; check the object at the target', retryable: false },
    },
    {
      name: "an answer to another request",
      reply: response("success", undefined, [], "someone-else"),
      refusal: { message: 'addResponse answers request "someone-else", not the one sent (r1)', retryable: false },
    },
    {
      name: "a SOAP fault: not retried, with its code and string",
      reply: { kind: "fault", faultCode: "SOAP-ENV:Server", faultString: "NullPointerException" },
      refusal: { message: "SOAP fault SOAP-ENV:Server: NullPointerException", retryable: false },
    },
  ])("$name", ({ reply, refusal }) => {
    expect(judgeReply(reply, "add", "r1")).toStrictEqual(refusal);
  });
});
