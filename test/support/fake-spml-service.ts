import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DOMImplementation, DOMParser, XMLSerializer, type Element } from "@xmldom/xmldom";

/**
 * An in-memory SPML 2.0 provider (DSMLv2 profile) on 127.0.0.1 for connector tests. It reads each SOAP 1.1
 * envelope with a namespace-aware XML parser and checks it as a strict provider would: SOAP namespace and
 * SOAPAction, SPML and DSML namespaces, requestID, synchronous execution, the target ID, the object class and the
 * attributes that class requires. It keeps PSOs (identified by DNs built from uid) and answers real SPML responses
 * (success, or failure with the standard error codes) and SOAP faults. Its own answers use other prefixes than
 * the connector's requests (SOAP-ENV, spml), as providers do, so only namespaces can match them.
 */
const SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
const SPML = "urn:oasis:names:tc:SPML:2:0";
const SEARCH = "urn:oasis:names:tc:SPML:2:0:search";
const DSML = "urn:oasis:names:tc:DSML:2:0:core";

export interface FakeSpmlOptions {
  targetId: string;
  /** Basic credentials the provider requires; none: anonymous requests are taken */
  basic?: { username: string; password: string };
  /** the object class every added PSO must have */
  objectClass?: string;
  /** whether the search capability is offered (otherwise searchRequest fails with unsupportedOperation) */
  search?: boolean;
}

export interface RecordedSpmlRequest {
  headers: IncomingMessage["headers"];
  body: string;
  /** the request element's local name (addRequest, ...), when the envelope could be read */
  operation?: string;
}

/** A PSO as the provider keeps it: DSML attributes by lower-case name, each with its name as sent. */
export interface FakePso {
  id: string;
  attributes: Map<string, { name: string; values: string[] }>;
}

export type SpmlInterceptor = (req: RecordedSpmlRequest, res: ServerResponse) => boolean;

export interface FakeSpmlService {
  endpoint: string;
  requests: RecordedSpmlRequest[];
  psos: Map<string, FakePso>;
  /** the first value of an attribute of the PSO whose uid is `uid` */
  valueOf(uid: string, attribute: string): string | undefined;
  byUid(uid: string): FakePso | undefined;
  /** answers the next requests it returns true for, ahead of the normal handling; removed after one use when `once` */
  intercept(fn: SpmlInterceptor, once?: boolean): void;
  close(): Promise<void>;
}

/** A request the provider refuses: an SPML failure with one of the standard error codes. */
class Refusal extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const children = (el: Element): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
};

const is = (el: Element | undefined, ns: string, name: string) => !!el && el.namespaceURI === ns && el.localName === name;

const qname = (el: Element) => `{${el.namespaceURI ?? ""}}${el.localName}`;

function only(el: Element, ns: string, name: string): Element {
  const found = children(el).filter((c) => is(c, ns, name));
  if (found.length !== 1) throw new Refusal("malformedRequest", `${el.localName} needs exactly one {${ns}}${name}, found ${found.length}`);
  return found[0]!;
}

/** DSML attrs or modifications: every child must be one, in the DSML namespace, with a valid name and values. */
function dsmlItems(parent: Element, name: "attr" | "modification") {
  return children(parent).map((c) => {
    if (!is(c, DSML, name)) throw new Refusal("malformedRequest", `${qname(c)} where {${DSML}}${name} was expected`);
    const attrName = c.getAttribute("name") ?? "";
    if (!/^[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*$/.test(attrName)) throw new Refusal("malformedRequest", `invalid attribute name ${JSON.stringify(attrName)}`);
    const values = children(c).map((v) => {
      if (!is(v, DSML, "value")) throw new Refusal("malformedRequest", `${qname(v)} inside dsml:${name}`);
      return v.textContent ?? "";
    });
    return { name: attrName, values, operation: c.getAttribute("operation") ?? "" };
  });
}

/** A namespaced element appended to `parent`, with attributes and text. */
function ele(parent: Element, namespace: string, qualifiedName: string, attributes: Record<string, string> = {}, text?: string): Element {
  const el = parent.ownerDocument!.createElementNS(namespace, qualifiedName);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.appendChild(parent.ownerDocument!.createTextNode(text));
  parent.appendChild(el);
  return el;
}

/** A SOAP 1.1 envelope with the content `build` puts in its Body. */
function envelope(build: (body: Element) => void): string {
  const doc = new DOMImplementation().createDocument(SOAP, "SOAP-ENV:Envelope", null);
  build(ele(doc.documentElement!, SOAP, "SOAP-ENV:Body"));
  return `<?xml version="1.0" encoding="UTF-8"?>${new XMLSerializer().serializeToString(doc)}`;
}

/** RFC 4514 escaping of an attribute value inside a DN. */
const dnValue = (v: string) => v.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]/, (c) => `\\${c}`);

const REQUIRED_BY_CLASS: Record<string, string[]> = { inetorgperson: ["cn", "sn"], person: ["cn", "sn"] };

export async function startFakeSpmlService(options: FakeSpmlOptions): Promise<FakeSpmlService> {
  const objectClass = (options.objectClass ?? "inetOrgPerson").toLowerCase();
  const requests: RecordedSpmlRequest[] = [];
  const psos = new Map<string, FakePso>();
  const interceptors: { fn: SpmlInterceptor; once: boolean }[] = [];

  const byUid = (uid: string) => [...psos.values()].find((p) => p.attributes.get("uid")?.values.some((v) => v.toLowerCase() === uid.toLowerCase()));

  function checkTarget(targetId: string | null) {
    if (targetId !== options.targetId) throw new Refusal("invalidIdentifier", `no target ${JSON.stringify(targetId)} here; targets: ${options.targetId}`);
  }

  function psoOf(request: Element): FakePso {
    const psoId = only(request, SPML, "psoID");
    checkTarget(psoId.getAttribute("targetID"));
    const pso = psos.get(psoId.getAttribute("ID") ?? "");
    if (!pso) throw new Refusal("noSuchIdentifier", `no PSO ${JSON.stringify(psoId.getAttribute("ID"))}`);
    return pso;
  }

  function checkRequired(attributes: FakePso["attributes"]) {
    const classes = (attributes.get("objectclass")?.values ?? []).map((c) => c.toLowerCase());
    for (const c of classes) for (const a of REQUIRED_BY_CLASS[c] ?? []) if (!attributes.get(a)?.values.length) throw new Refusal("malformedRequest", `objectClassViolation: ${c} requires ${a}`);
  }

  type Content = ((response: Element) => void) | undefined;

  function add(request: Element): Content {
    checkTarget(request.getAttribute("targetID"));
    if (request.getAttribute("returnData") !== "identifier") throw new Refusal("malformedRequest", `returnData ${request.getAttribute("returnData")} where identifier is expected`);
    const attributes: FakePso["attributes"] = new Map();
    for (const { name, values } of dsmlItems(only(request, SPML, "data"), "attr")) attributes.set(name.toLowerCase(), { name, values });
    if (!(attributes.get("objectclass")?.values ?? []).some((c) => c.toLowerCase() === objectClass))
      throw new Refusal("malformedRequest", `objectclass must include ${options.objectClass ?? "inetOrgPerson"}`);
    checkRequired(attributes);
    const uid = attributes.get("uid")?.values[0];
    if (!uid) throw new Refusal("malformedRequest", "uid is required to name the entry");
    if (byUid(uid)) throw new Refusal("alreadyExists", `an entry with uid ${uid} exists`);
    const id = `uid=${dnValue(uid)},ou=people,dc=example,dc=com`;
    psos.set(id, { id, attributes });
    return (response) => ele(ele(response, SPML, "spml:pso"), SPML, "spml:psoID", { ID: id, targetID: options.targetId });
  }

  function modify(request: Element) {
    const pso = psoOf(request);
    const next = new Map([...pso.attributes].map(([k, v]) => [k, { ...v, values: [...v.values] }]));
    const modifications = children(request).filter((c) => is(c, SPML, "modification"));
    if (!modifications.length) throw new Refusal("malformedRequest", "modifyRequest without modification");
    for (const modification of modifications) {
      for (const { name, values, operation } of dsmlItems(modification, "modification")) {
        const key = name.toLowerCase();
        if (key === "objectclass") throw new Refusal("malformedRequest", "objectclass cannot be modified here");
        const current = next.get(key)?.values ?? [];
        if (operation === "replace") next.set(key, { name, values });
        else if (operation === "add") next.set(key, { name, values: [...current, ...values] });
        else if (operation === "delete") next.set(key, { name, values: values.length ? current.filter((v) => !values.includes(v)) : [] });
        else throw new Refusal("malformedRequest", `unknown DSML operation ${JSON.stringify(operation)}`);
        if (!next.get(key)!.values.length) next.delete(key);
      }
    }
    checkRequired(next);
    pso.attributes = next;
  }

  function search(request: Element): Content {
    if (options.search === false) throw new Refusal("unsupportedOperation", "the search capability is not supported");
    const query = only(request, SEARCH, "query");
    checkTarget(query.getAttribute("targetID"));
    const filter = only(query, DSML, "filter");
    const match = only(filter, DSML, "equalityMatch");
    const name = (match.getAttribute("name") ?? "").toLowerCase();
    const wanted = (only(match, DSML, "value").textContent ?? "").toLowerCase();
    const max = Number(request.getAttribute("maxSelect") ?? "0") || Infinity;
    const found = [...psos.values()].filter((p) => p.attributes.get(name)?.values.some((v) => v.toLowerCase() === wanted)).slice(0, max);
    const withData = request.getAttribute("returnData") !== "identifier";
    return (response) => {
      for (const pso of found) {
        // the search schema declares its pso element in its own namespace; psoID and data stay in the core's
        const el = ele(response, SEARCH, "search:pso");
        ele(el, SPML, "spml:psoID", { ID: pso.id, targetID: options.targetId });
        if (!withData) continue;
        const data = ele(el, SPML, "spml:data");
        for (const { name: n, values } of pso.attributes.values()) {
          const attr = ele(data, DSML, "dsml:attr", { name: n });
          for (const v of values) ele(attr, DSML, "dsml:value", {}, v);
        }
      }
    };
  }

  const send = (res: ServerResponse, status: number, xml: string) => {
    res.writeHead(status, { "content-type": "text/xml; charset=utf-8" });
    res.end(xml);
  };

  const fault = (res: ServerResponse, code: string, message: string) =>
    send(
      res,
      500,
      envelope((body) => {
        // faultcode and faultstring are unqualified (SOAP 1.1 section 4.4)
        const f = ele(body, SOAP, "SOAP-ENV:Fault");
        ele(f, "", "faultcode", {}, `SOAP-ENV:${code}`);
        ele(f, "", "faultstring", {}, message);
      }),
    );

  function handle(req: RecordedSpmlRequest, res: ServerResponse) {
    if (options.basic) {
      const expected = `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="spml"', "content-type": "text/plain" });
        return res.end("Unauthorized");
      }
    }
    if (!/^text\/xml\b/i.test(req.headers["content-type"] ?? "")) return fault(res, "Client", `SOAP 1.1 requests are text/xml, not ${req.headers["content-type"]}`);
    if (req.headers.soapaction === undefined) return fault(res, "Client", "no SOAPAction header");
    let request: Element;
    try {
      let problem: string | undefined;
      const doc = new DOMParser({
        onError: (level, message) => {
          if (level === "warning") return;
          problem = message;
          throw new Error(message);
        },
      }).parseFromString(req.body, "text/xml");
      const root = doc.documentElement;
      if (problem || !root || !is(root, SOAP, "Envelope")) return fault(res, "VersionMismatch", "not a SOAP 1.1 Envelope");
      const body = only(root, SOAP, "Body");
      const [first, ...rest] = children(body);
      if (!first || rest.length) return fault(res, "Client", "the Body must hold exactly one request");
      request = first;
    } catch (err) {
      return fault(res, "Client", `unreadable request: ${(err as Error).message}`);
    }
    const operation = request.localName ?? "";
    const searchNs = request.namespaceURI === SEARCH;
    const known = (request.namespaceURI === SPML && ["addRequest", "modifyRequest", "deleteRequest"].includes(operation)) || (searchNs && operation === "searchRequest");
    if (!known) return fault(res, "Client", `unknown request ${qname(request)}`);
    req.operation = operation;
    const responseName = operation.replace(/Request$/, "Response");
    const requestId = request.getAttribute("requestID");
    let content: Content;
    let refusal: Refusal | undefined;
    try {
      if (!requestId || !/^[A-Za-z_][\w.-]*$/.test(requestId)) throw new Refusal("malformedRequest", "requestID must be an xsd:ID");
      if (request.getAttribute("executionMode") !== "synchronous") throw new Refusal("unsupportedExecutionMode", "only synchronous requests are taken");
      if (operation === "addRequest") content = add(request);
      else if (operation === "modifyRequest") modify(request);
      else if (operation === "deleteRequest") psos.delete(psoOf(request).id);
      else content = search(request);
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      refusal = err;
    }
    const xml = envelope((body) => {
      const attributes = { status: refusal ? "failure" : "success", ...(requestId ? { requestID: requestId } : {}), ...(refusal ? { error: refusal.error } : {}) };
      const response = ele(body, searchNs ? SEARCH : SPML, `${searchNs ? "search" : "spml"}:${responseName}`, attributes);
      if (refusal) ele(response, SPML, "spml:errorMessage", {}, refusal.message);
      else content?.(response);
    });
    send(res, 200, xml);
  }

  const server: Server = createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on("end", () => {
      const req: RecordedSpmlRequest = { headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(req);
      for (const entry of [...interceptors]) {
        if (entry.fn(req, res)) {
          if (entry.once) interceptors.splice(interceptors.indexOf(entry), 1);
          return;
        }
      }
      if (incoming.method !== "POST" || new URL(incoming.url ?? "/", "http://127.0.0.1").pathname !== "/spml") {
        res.writeHead(404, { "content-type": "text/plain" });
        return res.end("no SPML endpoint here");
      }
      handle(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}/spml`,
    requests,
    psos,
    byUid,
    valueOf: (uid, attribute) => byUid(uid)?.attributes.get(attribute.toLowerCase())?.values[0],
    intercept(fn, once = true) {
      interceptors.push({ fn, once });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A SOAP 1.1 envelope around an SPML response, for interceptors that answer as a provider would. */
export function spmlResponse(element: string, attributes: Record<string, string>, content: { errorMessage?: string; psos?: { id: string; data?: Record<string, string[]> }[] } = {}): string {
  const search = element.startsWith("search");
  return envelope((body) => {
    const response = ele(body, search ? SEARCH : SPML, element, attributes);
    if (content.errorMessage) ele(response, SPML, "errorMessage", {}, content.errorMessage);
    for (const pso of content.psos ?? []) {
      const el = ele(response, search ? SEARCH : SPML, "pso");
      ele(el, SPML, "spml:psoID", { ID: pso.id });
      if (!pso.data) continue;
      const data = ele(el, SPML, "spml:data");
      for (const [name, values] of Object.entries(pso.data)) {
        const attr = ele(data, DSML, "dsml:attr", { name });
        for (const v of values) ele(attr, DSML, "dsml:value", {}, v);
      }
    }
  });
}
