import { DOMImplementation, XMLSerializer, type Element } from "@xmldom/xmldom";
import { ConnectorError } from "../types.ts";
import type { DsmlAttr } from "./mapping.ts";

/** The namespaces of SOAP 1.1, SPML 2.0's core and search capability, and the DSMLv2 profile's elements. */
export const NS = {
  soap: "http://schemas.xmlsoap.org/soap/envelope/",
  spml: "urn:oasis:names:tc:SPML:2:0",
  search: "urn:oasis:names:tc:SPML:2:0:search",
  dsml: "urn:oasis:names:tc:DSML:2:0:core",
} as const;

interface Common {
  /** an xsd:ID (an NCName): the response must echo it */
  requestId: string;
  targetId: string;
}

export type SpmlRequest =
  | (Common & { kind: "add"; attributes: DsmlAttr[] })
  | (Common & { kind: "modify"; psoId: string; modifications: DsmlAttr[] })
  | (Common & { kind: "delete"; psoId: string })
  | (Common & { kind: "search"; match: { name: string; value: string }; maxSelect: number });

export type SpmlOperation = SpmlRequest["kind"];

const XMLNS = "http://www.w3.org/2000/xmlns/";

/** The request and response element of each operation, and the SOAPAction WSO2's (OpenSPML) client sends. */
export const OPERATIONS: Record<SpmlOperation, { request: string; response: string; namespace: string; soapAction: string }> = {
  add: { request: "addRequest", response: "addResponse", namespace: NS.spml, soapAction: "SPMLAddRequest" },
  modify: { request: "modifyRequest", response: "modifyResponse", namespace: NS.spml, soapAction: "SPMLModifyRequest" },
  delete: { request: "deleteRequest", response: "deleteResponse", namespace: NS.spml, soapAction: "SPMLDeleteRequest" },
  search: { request: "searchRequest", response: "searchResponse", namespace: NS.search, soapAction: "SPMLSearchRequest" },
};

export interface BuiltRequest {
  xml: string;
  soapAction: string;
  /** what the provisioning log shows: the operation and its data, readable, without the envelope */
  summary: string;
}

// XML 1.0's Char production: a value with other characters (NUL, most C0 controls, lone surrogates) cannot be sent
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkChars(value: string, what: string): string {
  const bad = NOT_XML_CHAR.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw new ConnectorError(`${what} contains a character XML cannot carry (U+${code}); correct the value and save the user again`, { retryable: false });
  }
  return value;
}

/** A namespaced element appended to `parent`, with attributes. */
function child(parent: Element, namespace: string, qualifiedName: string, attributes: Record<string, string> = {}): Element {
  const el = parent.ownerDocument!.createElementNS(namespace, qualifiedName);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.appendChild(el);
  return el;
}

function dsmlAttr(parent: Element, element: "dsml:attr" | "dsml:modification", attr: DsmlAttr, extra: Record<string, string> = {}) {
  const node = child(parent, NS.dsml, element, { name: attr.name, ...extra });
  for (const value of attr.values) {
    child(node, NS.dsml, "dsml:value").appendChild(parent.ownerDocument!.createTextNode(checkChars(value, `attribute "${attr.name}"`)));
  }
}

const quoted = (v: string) => JSON.stringify(v);
const valuesText = (attr: DsmlAttr) => (attr.values.length ? attr.values.join(", ") : "(no value: removed)");

/**
 * One SPML request in a SOAP 1.1 envelope. Every request is synchronous (the engine needs the outcome, and the
 * remote id, before it moves on); the DSML prefix is declared once on the request element.
 */
export function buildRequest(req: SpmlRequest): BuiltRequest {
  const op = OPERATIONS[req.kind];
  const doc = new DOMImplementation().createDocument(NS.soap, "soap:Envelope", null);
  doc.insertBefore(doc.createProcessingInstruction("xml", 'version="1.0" encoding="UTF-8"'), doc.documentElement);
  const body = child(doc.documentElement!, NS.soap, "soap:Body");
  const targetId = checkChars(req.targetId, "the target ID");
  const head: Record<string, string> = { requestID: req.requestId, executionMode: "synchronous" };
  // the request element declares the DSML prefix once, rather than each dsml element its own
  const request = (attributes: Record<string, string>, dsmlPrefix: boolean) => {
    const el = child(body, op.namespace, op.request, { ...head, ...attributes });
    if (dsmlPrefix) el.setAttributeNS(XMLNS, "xmlns:dsml", NS.dsml);
    return el;
  };
  let summary: string;

  if (req.kind === "add") {
    const data = child(request({ targetID: targetId, returnData: "identifier" }, true), NS.spml, "data");
    for (const attr of req.attributes) dsmlAttr(data, "dsml:attr", attr);
    summary = [`addRequest targetID=${quoted(targetId)} returnData="identifier"`, ...req.attributes.map((a) => `${a.name}: ${valuesText(a)}`)].join("\n");
  } else if (req.kind === "modify") {
    const el = request({ returnData: "identifier" }, true);
    child(el, NS.spml, "psoID", { ID: checkChars(req.psoId, "the PSO ID"), targetID: targetId });
    // one spml:modification holding DSML modifications, as the DSMLv2 profile has it; replace sets each
    // mapped attribute to exactly the user's value
    const mod = child(el, NS.spml, "modification", { modificationMode: "replace" });
    for (const attr of req.modifications) dsmlAttr(mod, "dsml:modification", attr, { operation: "replace" });
    summary = [`modifyRequest psoID=${quoted(req.psoId)} targetID=${quoted(targetId)}`, ...req.modifications.map((a) => `replace ${a.name}: ${valuesText(a)}`)].join("\n");
  } else if (req.kind === "delete") {
    child(request({}, false), NS.spml, "psoID", { ID: checkChars(req.psoId, "the PSO ID"), targetID: targetId });
    summary = `deleteRequest psoID=${quoted(req.psoId)} targetID=${quoted(targetId)}`;
  } else {
    const query = child(request({ returnData: "data", maxSelect: String(req.maxSelect) }, true), NS.search, "query", { targetID: targetId });
    const match = child(child(query, NS.dsml, "dsml:filter"), NS.dsml, "dsml:equalityMatch", { name: req.match.name });
    child(match, NS.dsml, "dsml:value").appendChild(doc.createTextNode(checkChars(req.match.value, `the value searched for in "${req.match.name}"`)));
    summary = `searchRequest targetID=${quoted(targetId)} returnData="data": ${req.match.name} = ${quoted(req.match.value)}`;
  }
  // the serializer escapes every "&", "<" and ">" in text, and quotes, tabs and line ends in attribute values
  return { xml: new XMLSerializer().serializeToString(doc), soapAction: op.soapAction, summary };
}
