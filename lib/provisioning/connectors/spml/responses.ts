import { DOMParser, type Element } from "@xmldom/xmldom";
import { NS, OPERATIONS, type SpmlOperation } from "./messages.ts";

/** A PSO a response names: its identifier and, when the response carries data, its DSML attributes. */
export interface ReturnedPso {
  id: string;
  targetId?: string;
  /** attribute name (lower case) to values */
  attributes: Map<string, string[]>;
}

/** What a SOAP 1.1 answer of an SPML provider said. */
export type SpmlReply =
  { kind: "fault"; faultCode: string; faultString: string } | { kind: "response"; status: string; error?: string; errorMessages: string[]; requestId?: string; psos: ReturnedPso[] };

/** An answer that is not a SOAP 1.1 envelope carrying the expected SPML 2.0 response. */
export class MalformedReply extends Error {}

const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

/** XML as a strict parser reads it: any error (not just a fatal one) makes the answer unusable. */
function parseXml(text: string) {
  let problem: string | undefined;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level === "warning") return;
        problem ??= message;
        throw new MalformedReply(message);
      },
    }).parseFromString(text, "text/xml");
    // SOAP 1.1 section 3: a message must not contain a document type declaration (and no entity is expanded here)
    if (doc.doctype) throw new MalformedReply("it has a document type declaration, which SOAP forbids");
    if (!doc.documentElement) throw new MalformedReply("it has no root element");
    return doc;
  } catch (err) {
    if (err instanceof MalformedReply && err.message !== problem) throw err;
    throw new MalformedReply(`it is not well-formed XML (${(problem ?? (err as Error).message).trim().slice(0, 160)})`);
  }
}

const elementChildren = (el: Element): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
};

const named = (el: Element, namespaces: readonly (string | null)[], localName: string) => namespaces.includes(el.namespaceURI) && el.localName === localName;

const qname = (el: Element) => (el.namespaceURI ? `{${el.namespaceURI}}${el.localName}` : el.localName);

/** The text of an element; a DSML value may also be base64 (xsi:type) but the attributes mapped here are strings. */
const textOf = (el: Element | undefined) => (el?.textContent ?? "").trim();

function readPso(pso: Element): ReturnedPso {
  const children = elementChildren(pso);
  const psoId = children.find((c) => named(c, [NS.spml], "psoID"));
  const id = psoId?.getAttribute("ID");
  if (!psoId || !id) throw new MalformedReply("a pso has no psoID with an ID");
  const attributes = new Map<string, string[]>();
  const data = children.find((c) => named(c, [NS.spml], "data"));
  for (const attr of data ? elementChildren(data).filter((c) => named(c, [NS.dsml], "attr")) : []) {
    const name = (attr.getAttribute("name") ?? "").toLowerCase();
    const values = elementChildren(attr)
      .filter((v) => named(v, [NS.dsml], "value"))
      .map((v) => v.textContent ?? "");
    attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
  }
  const targetId = psoId.getAttribute("targetID");
  return { id, ...(targetId ? { targetId } : {}), attributes };
}

/**
 * Reads a provider's answer to `operation`: a SOAP Fault, or the SPML response with its status, error code,
 * messages and PSOs. Namespaces are compared, not prefixes, so any prefixing a provider chooses reads the same.
 * Throws MalformedReply saying what is wrong.
 */
export function readReply(text: string, operation: SpmlOperation): SpmlReply {
  if (!text.trim()) throw new MalformedReply("the body is empty");
  const root = parseXml(text).documentElement!;
  if (named(root, [SOAP12], "Envelope")) throw new MalformedReply("it is a SOAP 1.2 envelope; SPML providers are called with SOAP 1.1");
  if (!named(root, [NS.soap], "Envelope")) throw new MalformedReply(`its root element is ${qname(root)}, not a SOAP 1.1 Envelope`);
  const body = elementChildren(root).find((c) => named(c, [NS.soap], "Body"));
  if (!body) throw new MalformedReply("the SOAP envelope has no Body");
  const content = elementChildren(body)[0];
  if (!content) throw new MalformedReply("the SOAP Body is empty");

  if (named(content, [NS.soap], "Fault")) {
    // faultcode and faultstring are unqualified (SOAP 1.1 section 4.4)
    const part = (name: string) => textOf(elementChildren(content).find((c) => named(c, [null, ""], name)));
    return { kind: "fault", faultCode: part("faultcode") || "(no faultcode)", faultString: part("faultstring") || "(no faultstring)" };
  }

  const expected = OPERATIONS[operation];
  if (!named(content, [expected.namespace], expected.response)) {
    throw new MalformedReply(`it carries ${qname(content)} where {${expected.namespace}}${expected.response} was expected`);
  }
  const status = content.getAttribute("status");
  if (status !== "success" && status !== "failure" && status !== "pending") throw new MalformedReply(`${expected.response} has status ${status ? JSON.stringify(status) : "missing"}`);
  const error = content.getAttribute("error") || undefined;
  const requestId = content.getAttribute("requestID") || undefined;
  const children = elementChildren(content);
  // errorMessage is declared in the core schema; a search response's own elements (pso) are in the search namespace
  const errorMessages = children
    .filter((c) => named(c, [NS.spml, expected.namespace], "errorMessage"))
    .map((c) => textOf(c))
    .filter(Boolean);
  const psos = children.filter((c) => named(c, [NS.spml, expected.namespace], "pso")).map(readPso);
  return { kind: "response", status, ...(error ? { error } : {}), errorMessages, ...(requestId ? { requestId } : {}), psos };
}
