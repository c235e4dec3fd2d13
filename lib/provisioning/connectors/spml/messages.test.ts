import { describe, expect, it } from "vitest";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { ConnectorError } from "../types.ts";
import { buildRequest, NS, type SpmlRequest } from "./messages.ts";

/** The request element of a built envelope, read back with a namespace-aware parser (never by prefix). */
function requestOf(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== "warning") throw new Error(message);
    },
  }).parseFromString(xml, "text/xml");
  const envelope = doc.documentElement!;
  expect([envelope.namespaceURI, envelope.localName]).toStrictEqual([NS.soap, "Envelope"]);
  const body = kids(envelope)[0]!;
  expect([body.namespaceURI, body.localName]).toStrictEqual([NS.soap, "Body"]);
  expect(kids(body)).toHaveLength(1);
  return kids(body)[0]!;
}

function kids(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

const ns = (el: Element) => `{${el.namespaceURI}}${el.localName}`;

/** DSML attrs or modifications under an element, as [name, operation?, values]. */
const dsml = (parent: Element) =>
  kids(parent).map((c) => ({
    element: ns(c),
    name: c.getAttribute("name"),
    ...(c.hasAttribute("operation") ? { operation: c.getAttribute("operation") } : {}),
    values: kids(c).map((v) => {
      expect(ns(v)).toBe(`{${NS.dsml}}value`);
      return v.textContent;
    }),
  }));

const common = { requestId: "provisio-1", targetId: "hr-ldap" };

describe("SPML requests in SOAP 1.1 envelopes", () => {
  it.each<{ name: string; req: SpmlRequest; element: string; soapAction: string; attributes: Record<string, string> }>([
    {
      name: "addRequest",
      req: { kind: "add", ...common, attributes: [{ name: "objectclass", values: ["inetOrgPerson"] }] },
      element: `{${NS.spml}}addRequest`,
      soapAction: "SPMLAddRequest",
      attributes: { requestID: "provisio-1", executionMode: "synchronous", targetID: "hr-ldap", returnData: "identifier" },
    },
    {
      name: "modifyRequest",
      req: { kind: "modify", ...common, psoId: "uid=kim,ou=people", modifications: [{ name: "cn", values: ["Kim"] }] },
      element: `{${NS.spml}}modifyRequest`,
      soapAction: "SPMLModifyRequest",
      attributes: { requestID: "provisio-1", executionMode: "synchronous", returnData: "identifier" },
    },
    {
      name: "deleteRequest",
      req: { kind: "delete", ...common, psoId: "uid=kim,ou=people" },
      element: `{${NS.spml}}deleteRequest`,
      soapAction: "SPMLDeleteRequest",
      attributes: { requestID: "provisio-1", executionMode: "synchronous" },
    },
    {
      name: "searchRequest",
      req: { kind: "search", ...common, match: { name: "uid", value: "kim" }, maxSelect: 10 },
      element: `{${NS.search}}searchRequest`,
      soapAction: "SPMLSearchRequest",
      attributes: { requestID: "provisio-1", executionMode: "synchronous", returnData: "data", maxSelect: "10" },
    },
  ])("$name: element, namespace, SOAPAction and attributes", ({ req, element, soapAction, attributes }) => {
    const built = buildRequest(req);
    expect(built.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(built.soapAction).toBe(soapAction);
    const el = requestOf(built.xml);
    expect(ns(el)).toBe(element);
    const actual = Object.fromEntries(Object.keys(attributes).map((a) => [a, el.getAttribute(a)]));
    expect(actual).toStrictEqual(attributes);
    // no attribute beyond those expected (namespace declarations aside)
    const names = Array.from({ length: el.attributes.length }, (_, i) => el.attributes.item(i)!.name).filter((n) => !n.startsWith("xmlns"));
    expect(names.sort()).toStrictEqual(Object.keys(attributes).sort());
  });

  it("addRequest carries objectclass and the attributes as dsml:attr in spml:data", () => {
    const el = requestOf(
      buildRequest({
        kind: "add",
        ...common,
        attributes: [
          { name: "objectclass", values: ["inetOrgPerson", "posixAccount"] },
          { name: "uid", values: ["kim"] },
        ],
      }).xml,
    );
    const [data, ...rest] = kids(el);
    expect(rest).toHaveLength(0);
    expect(ns(data!)).toBe(`{${NS.spml}}data`);
    expect(dsml(data!)).toStrictEqual([
      { element: `{${NS.dsml}}attr`, name: "objectclass", values: ["inetOrgPerson", "posixAccount"] },
      { element: `{${NS.dsml}}attr`, name: "uid", values: ["kim"] },
    ]);
  });

  it("modifyRequest names the PSO and replaces each attribute, an empty one with no value", () => {
    const el = requestOf(
      buildRequest({
        kind: "modify",
        ...common,
        psoId: "uid=kim,ou=people",
        modifications: [
          { name: "cn", values: ["Kim Lee"] },
          { name: "title", values: [] },
        ],
      }).xml,
    );
    const [psoId, modification, ...rest] = kids(el);
    expect(rest).toHaveLength(0);
    expect([ns(psoId!), psoId!.getAttribute("ID"), psoId!.getAttribute("targetID")]).toStrictEqual([`{${NS.spml}}psoID`, "uid=kim,ou=people", "hr-ldap"]);
    expect([ns(modification!), modification!.getAttribute("modificationMode")]).toStrictEqual([`{${NS.spml}}modification`, "replace"]);
    expect(dsml(modification!)).toStrictEqual([
      { element: `{${NS.dsml}}modification`, name: "cn", operation: "replace", values: ["Kim Lee"] },
      { element: `{${NS.dsml}}modification`, name: "title", operation: "replace", values: [] },
    ]);
  });

  it("deleteRequest names the PSO and its target", () => {
    const el = requestOf(buildRequest({ kind: "delete", ...common, psoId: "uid=kim,ou=people" }).xml);
    expect(kids(el).map((k) => [ns(k), k.getAttribute("ID"), k.getAttribute("targetID")])).toStrictEqual([[`{${NS.spml}}psoID`, "uid=kim,ou=people", "hr-ldap"]]);
  });

  it("searchRequest queries the target with a DSML equality filter", () => {
    const el = requestOf(buildRequest({ kind: "search", ...common, match: { name: "uid", value: "kim" }, maxSelect: 10 }).xml);
    const [query] = kids(el);
    expect([ns(query!), query!.getAttribute("targetID")]).toStrictEqual([`{${NS.search}}query`, "hr-ldap"]);
    const [filter] = kids(query!);
    expect(ns(filter!)).toBe(`{${NS.dsml}}filter`);
    expect(dsml(filter!)).toStrictEqual([{ element: `{${NS.dsml}}equalityMatch`, name: "uid", values: ["kim"] }]);
  });

  // values an attacker or an unusual name could bring: each must arrive exactly as it was, never as markup
  const HOSTILE = [
    "<script>alert(1)</script>",
    "Tom & Jerry",
    `"double" and 'single' quotes`,
    "]]> ends CDATA",
    '</dsml:value></dsml:attr><dsml:attr name="uid"><dsml:value>admin',
    "Zoë Ångström-Müller",
    "渡辺 直美",
    "Δημήτρης 😀",
    "&amp; already escaped &lt;",
    "  leading and trailing spaces  ",
    "tab\tand\nnewline",
  ];

  it.each(HOSTILE)("round-trips %j through every place a value goes", (value) => {
    const add = requestOf(buildRequest({ kind: "add", ...common, targetId: value, attributes: [{ name: "cn", values: [value] }] }).xml);
    expect(add.getAttribute("targetID")).toBe(value);
    expect(dsml(kids(add)[0]!)[0]!.values).toStrictEqual([value]);
    const modify = requestOf(buildRequest({ kind: "modify", ...common, psoId: value, modifications: [{ name: "cn", values: [value] }] }).xml);
    expect(kids(modify)[0]!.getAttribute("ID")).toBe(value);
    expect(dsml(kids(modify)[1]!)[0]!.values).toStrictEqual([value]);
    const search = requestOf(buildRequest({ kind: "search", ...common, match: { name: "uid", value }, maxSelect: 1 }).xml);
    expect(kids(kids(kids(search)[0]!)[0]!)[0]!.textContent).toBe(value);
  });

  it("summarises the request readably for the log, without the envelope", () => {
    const built = buildRequest({
      kind: "modify",
      ...common,
      psoId: "uid=kim",
      modifications: [
        { name: "cn", values: ["Kim <Lee>"] },
        { name: "title", values: [] },
      ],
    });
    expect(built.summary).toBe('modifyRequest psoID="uid=kim" targetID="hr-ldap"\nreplace cn: Kim <Lee>\nreplace title: (no value: removed)');
  });

  it.each([
    ["NUL", "a\u0000b", "U+0000"],
    ["a C0 control", "bell\u0007", "U+0007"],
    ["a lone surrogate", "x\uD800y", "U+D800"],
    ["U+FFFE", "\uFFFE", "U+FFFE"],
  ])("refuses %s, which XML cannot carry, naming the attribute, before sending", (_what, value, code) => {
    const build = () => buildRequest({ kind: "add", ...common, attributes: [{ name: "cn", values: [value] }] });
    expect(build).toThrow(ConnectorError);
    expect(build).toThrow(`attribute "cn" contains a character XML cannot carry (${code})`);
    try {
      build();
    } catch (err) {
      expect((err as ConnectorError).options.retryable).toBe(false);
    }
  });
});
